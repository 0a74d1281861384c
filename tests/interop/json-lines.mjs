// The JSON-lines protocol the .NET tests drive node scripts with (tests/Conference.EndToEnd.Tests/Werift/NodeScript.cs):
// one command object per stdin line, one event object per stdout line, {type:"error", message} for failures.
import readline from "node:readline";

export const emit = (event) => process.stdout.write(JSON.stringify(event) + "\n");
export const fail = (message) => emit({ type: "error", message: String(message) });

// Runs commands[command.cmd](command) for each line; a rejected command becomes an error event (describe(e) says
// what went wrong). When stdin closes the test went away: onClose() must end the process, never outlive the test.
export function serveCommands(commands, onClose, describe = (e) => e?.stack ?? e) {
  readline.createInterface({ input: process.stdin }).on("line", (line) => {
    if (!line.trim()) return;
    let command;
    try {
      command = JSON.parse(line);
    } catch (e) {
      return fail(`bad command line: ${e}`);
    }
    const run = commands[command.cmd];
    if (!run) return fail(`unknown command ${command.cmd}`);
    Promise.resolve(run(command)).catch((e) => fail(`${command.cmd}: ${describe(e)}`));
  }).on("close", onClose);
}

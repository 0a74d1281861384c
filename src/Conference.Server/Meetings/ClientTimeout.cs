using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Conference.Server.Meetings;

/// <summary>
/// Drops a hub connection the server has not heard from (any message, pings included) for the client timeout.
/// SignalR's own check only starts with the client's first ping, so a client that completes the handshake and then
/// goes silent would stay "connected" forever; this one starts with the connection.
/// </summary>
public static class ClientTimeout
{
    public static IConnectionBuilder UseClientTimeout(this IConnectionBuilder connections, ConferenceHubOptions options, TimeProvider time) =>
        connections.Use(next => async connection =>
        {
            var watched = new WatchedReader(connection.Transport.Input, time);
            connection.Transport = new DuplexPipe(watched, connection.Transport.Output);
            // The heartbeat ticks about once a second for every HTTP connection (WebSockets, SSE, long polling).
            connection.Features.Get<IConnectionHeartbeatFeature>()?.OnHeartbeat(_ =>
            {
                if (time.GetElapsedTime(watched.LastHeard) <= options.ClientTimeout || !watched.TryExpire()) return;
                Conference.Grains.Observability.ConferenceMetrics.RecordHubConnectionClosed("client_timeout");
                connection.Abort(new ConnectionAbortedException("Client timeout"));
            }, null!);
            await next(connection);
        });

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    /// <summary>The transport's reader, noting when it last delivered bytes from the client.</summary>
    private sealed class WatchedReader(PipeReader inner, TimeProvider time) : PipeReader
    {
        private long _lastHeard = time.GetTimestamp();

        private int _expired;

        public long LastHeard => Volatile.Read(ref _lastHeard);

        /// <summary>True the first time only: the heartbeat keeps ticking until the connection is gone.</summary>
        public bool TryExpire() => Interlocked.Exchange(ref _expired, 1) == 0;

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var result = await inner.ReadAsync(cancellationToken);
            if (!result.Buffer.IsEmpty) Volatile.Write(ref _lastHeard, time.GetTimestamp());
            return result;
        }

        public override bool TryRead(out ReadResult result)
        {
            if (!inner.TryRead(out result)) return false;
            if (!result.Buffer.IsEmpty) Volatile.Write(ref _lastHeard, time.GetTimestamp());
            return true;
        }

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);
        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);
        public override void CancelPendingRead() => inner.CancelPendingRead();
        public override void Complete(Exception? exception = null) => inner.Complete(exception);
    }
}

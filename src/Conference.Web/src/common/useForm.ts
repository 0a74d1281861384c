import { useState, type FormEvent } from "react";
import { fieldErrors, problemMessage } from "../api/problems";

/**
 * A form's text values, the server's field errors next to their fields, the error in words above the form, and a
 * busy flag while it is sent. `field(name)` gives a MUI TextField its value, onChange, error and helperText;
 * `submit(work)` makes an onSubmit that runs `work` and turns a failure's problem+json into those messages.
 */
export function useForm<F extends Record<string, string>>(initial: F) {
  const [values, setValues] = useState<F>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const field = (name: keyof F & string) => ({
    value: values[name],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
    error: Boolean(errors[name]),
    helperText: errors[name],
  });

  const submit = (work: (values: F) => Promise<void>, fallback?: string) => async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      await work(values);
    } catch (failure) {
      setErrors(fieldErrors(failure));
      setError(problemMessage(failure, fallback));
    } finally {
      setBusy(false);
    }
  };

  return { values, errors, error, busy, field, submit };
}

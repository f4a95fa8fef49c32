/**
 * Makes text that came from the network or a paste safe to print on a terminal:
 * ANSI/OSC/DCS escape sequences and C0/C1 control characters are removed (CR and LF
 * become a space unless `keepNewlines`), and the result is capped in length so a
 * hostile or broken server cannot flood the screen.
 */
const ESCAPE_SEQUENCES =
  // CSI ... final byte | OSC/DCS/SOS/PM/APC ... (BEL | ST) | two-byte ESC sequences
  /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|[\u001b][\]PX^_][\s\S]*?(?:\u0007|\u001b\\|$)|[\u009d\u0090\u0098\u009e\u009f][\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|\u001b[@-_]?/g;
// Every C0 control but TAB/LF/CR, DEL, every C1 control, and bidi overrides that
// can reorder what the operator sees.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const MAX_SERVER_TEXT = 500;

/** Any character sanitize removes or changes: text without one (and without edge spaces) stays as it is. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Whether text holds a control character, an escape sequence or a bidi override (what sanitize takes out). */
export const hasControls = (text: string): boolean => UNSAFE.test(text);

export function sanitize(text: string, options: { keepNewlines?: boolean; max?: number } = {}): string {
  const max = options.max ?? MAX_SERVER_TEXT;
  if (text.length <= max && !UNSAFE.test(text) && text.trim() === text) return text;
  let out = text.replace(ESCAPE_SEQUENCES, '').replace(CONTROL, '').replace(/\t/g, ' ');
  out = options.keepNewlines ? out.replace(/\r\n?/g, '\n') : out.replace(/[\r\n]+/g, ' ');
  out = out.trim();
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

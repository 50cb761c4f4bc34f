import { UsageError } from '../../cli/command.js';

export const maxMessageLength = 200;

/** What Python's str.splitlines() breaks on: any of these would split the docstring's first line. */
const lineBreak = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;
const control = /[\0-\x08\x0e-\x1b\x7f]/;

/**
 * The revision message as the project's command will receive it: one argv element, so any character is
 * safe from a shell; what is refused here is what would spoil the revision file or its name.
 */
export function checkMessage(message: string | undefined): string {
  const usage = 'stk-migrate new "<message>"';
  if (message === undefined || message.trim() === '') throw new UsageError(`the message is empty; usage: ${usage}`);
  const length = [...message].length;
  if (length > maxMessageLength) throw new UsageError(`the message has ${length} characters, more than ${maxMessageLength}; shorten it (the details belong in the migration's code)`);
  if (lineBreak.test(message)) throw new UsageError('the message spans several lines; give one line (Alembic writes it as the docstring\'s first line)');
  if (control.test(message)) throw new UsageError('the message contains a control character; use plain text');
  if (message.includes('"""')) throw new UsageError('the message contains """, which would end the revision file\'s docstring; use other quotes');
  return message;
}

import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';

// Control characters, line/paragraph separators and bidi overrides: invisible in the app page,
// able to split log lines or disguise text, and NUL is refused by PostgreSQL outright.
const SINGLE_LINE = /^[^\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/u;
const MULTI_LINE = /^(?:[\t\n]|[^\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069])*$/u;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A trimmed one-line string of `min`..`max` characters without control or direction characters. */
export function SingleLineText(min: number, max: number) {
  return applyDecorators(
    Transform(trim),
    IsString(),
    Length(min, max),
    Matches(SINGLE_LINE, { message: '$property must be one line without control characters' }),
  );
}

/** Like SingleLineText, but line breaks and tabs are allowed. */
export function MultiLineText(min: number, max: number) {
  return applyDecorators(
    Transform(trim),
    IsString(),
    Length(min, max),
    Matches(MULTI_LINE, { message: '$property must not contain control characters' }),
  );
}

import { useState, type TextareaHTMLAttributes } from 'react'

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i])

/**
 * A list of strings edited as lines of text. What is typed stays as typed (a new empty line included)
 * while the list it means is reported; a list changed from outside replaces the text.
 */
export function LinesInput({
  value,
  onChange,
  split = /\n/,
  ...rest
}: { value: readonly string[]; onChange(next: string[]): void; split?: RegExp } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'>) {
  const parse = (text: string) =>
    text
      .split(split)
      .map((line) => line.trim())
      .filter(Boolean)
  const [text, setText] = useState(() => value.join('\n'))
  const shown = same(parse(text), value) ? text : value.join('\n')
  return (
    <textarea
      {...rest}
      value={shown}
      onChange={(e) => {
        setText(e.target.value)
        onChange(parse(e.target.value))
      }}
    />
  )
}

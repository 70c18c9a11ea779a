// React 18.3's streaming renderer flushes its whole 2,048-byte buffer when the next multi-byte character
// does not fit, so the 1-3 unwritten bytes at its end go out as NULs — in the middle of Chinese text on
// almost every page (facebook/react#24985, fixed upstream by #26228 in 19). This stream drops exactly those
// bytes: trailing zeros of a full-buffer chunk, which the renderer never writes on purpose.
import { Transform } from "node:stream";

const VIEW_SIZE = 2048;

/** The bytes of one renderer chunk as they should have been written. */
export function withoutFizzPadding(chunk: Uint8Array): Uint8Array {
  if (chunk.byteLength !== VIEW_SIZE) return chunk;
  let end = chunk.byteLength;
  while (end > VIEW_SIZE - 3 && chunk[end - 1] === 0) end -= 1;
  return end === chunk.byteLength ? chunk : chunk.subarray(0, end);
}

/** A pass-through for the renderer's output that removes the padding. */
export function fizzNulFilter(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, withoutFizzPadding(chunk));
    },
  });
}

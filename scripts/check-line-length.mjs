// Lists lines over 120 characters in the tracked TypeScript and JavaScript files, as file:line, and
// fails if there are any. Prettier (printWidth 120) does not break long strings, template literals
// or comments, so `npm run lint` runs this after its check. Length is counted in characters (code
// points), as Prettier counts them, not in UTF-8 bytes. runtime/ops/products.ts is left out: its
// hand-unrolled grid is in .prettierignore.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const LIMIT = 120;
const EXCLUDED = new Set(["runtime/ops/products.ts"]);

const files = execFileSync("git", ["ls-files", "-z", "*.ts", "*.js", "*.mjs"], { encoding: "utf8" })
  .split("\0")
  .filter((file) => file !== "" && !EXCLUDED.has(file));

let count = 0;
for (const file of files) {
  readFileSync(file, "utf8")
    .split(/\r?\n/)
    .forEach((line, index) => {
      const length = [...line].length;
      if (length > LIMIT) {
        console.log(`${file}:${index + 1}: ${length} characters`);
        count++;
      }
    });
}
if (count > 0) {
  console.error(`${count} line(s) longer than ${LIMIT} characters; split the string or wrap the comment.`);
  process.exit(1);
}

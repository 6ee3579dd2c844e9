import type { Command } from "./commands.js";
export const emit: Command = { summary: "", usage: "", positionals: [1, 1], options: {}, run: () => 1 };

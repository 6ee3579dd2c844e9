// The lessons' number format lives in contracts/python-repr.ts, shared with the playground.
export { pythonRepr } from "../contracts/python-repr.js";

// How wide a label is, so that the model diagram (report/model-table.ts) sizes each box to its
// text instead of guessing: "W1: 20 × 12288" and "12288 × m" once overflowed fixed boxes. The SVG
// has no layout engine of its own and Node has no canvas, so the widths are DejaVu Sans' advance
// widths (measured once in Chromium with canvas measureText, in thousandths of an em). The diagram
// asks for DejaVu Sans first, then Verdana (the same design, about as wide), then sans-serif; the
// usual other faces (Arial, Helvetica, Liberation Sans) are narrower, so a label measured here fits.

// Printable ASCII from the space to the tilde, then the few other characters the diagram writes.
const ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join("");
const CHARACTERS = `${ASCII}×·→₁₂−…λ`;
const NORMAL = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863,
  748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635,
  615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636,
  337, 636, 838, 838, 318, 838, 401, 401, 838, 1000, 592,
];
const BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696,
  696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995,
  837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716,
  678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712,
  365, 712, 838, 838, 380, 838, 438, 438, 838, 1000, 633,
];
/** A character not in the table counts as one em: wider than any of them. */
const UNKNOWN = 1000;

export const DIAGRAM_FONT = "DejaVu Sans, Verdana, sans-serif";

/** The width in pixels of `text` at `fontSize` pixels. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const widths = bold ? BOLD : NORMAL;
  let thousandths = 0;
  for (const ch of text) {
    const i = CHARACTERS.indexOf(ch);
    thousandths += i < 0 ? UNKNOWN : widths[i];
  }
  return (thousandths / 1000) * fontSize;
}

// The printed forms of the registry's equations (see equation-forms.ts). Empty here: they are
// printed with mathjs when first needed. The `nnc` bundle replaces this module with the forms
// printed when it is built (scripts/bundle-cli.js), so that it needs no mathjs to compile a model.
export interface EquationForm {
  /** The equation as mathjs prints it. */
  text: string;
  /** Where its right-hand side starts in `text`. */
  rightHandSide: number;
  /** Its right-hand side, a term of a sum (`a + b`), prints with no parentheses added around it. */
  termOfSum: boolean;
}

export const knownEquationForms: Readonly<Record<string, EquationForm>> = {};

/**
 * Types for the parts of `jstat` 1.9.6 that `distributions.ts` uses. The package ships no types;
 * its CommonJS export is the `jStat` object itself (Node gives it as the default import).
 */
declare module 'jstat' {
  interface JStatNormal {
    cdf(x: number, mean: number, sd: number): number
    inv(p: number, mean: number, sd: number): number
  }

  interface JStatStudentT {
    pdf(x: number, df: number): number
    inv(p: number, df: number): number
  }

  interface JStatChiSquare {
    cdf(x: number, df: number): number
    inv(p: number, df: number): number
  }

  interface JStatNoncentralT {
    cdf(x: number, df: number, ncp: number): number
  }

  interface JStat {
    /** ln Γ(x) (Lanczos). */
    gammaln(x: number): number
    /** ln B(a, b), as gammaln(a) + gammaln(b) − gammaln(a + b). */
    betaln(a: number, b: number): number
    /** Regularized incomplete beta function I_x(a, b). */
    ibeta(x: number, a: number, b: number): number
    normal: JStatNormal
    studentt: JStatStudentT
    chisquare: JStatChiSquare
    noncentralt: JStatNoncentralT
  }

  const jStat: JStat
  export default jStat
}

/** LAPACK's dlamch values for IEEE double, shared by every stage of the symmetric eigensolver. */

// Machine constants as LAPACK's dlamch gives them (literals: no start-function initialisers;
// the thresholds derived from them sit, also as literals, next to the routine that uses them).
export const EPS: f64 = 1.1102230246251565e-16; // dlamch('E') = 2^-53
export const EPS2: f64 = 1.232595164407831e-32; // EPS²
export const SAFMIN: f64 = 2.2250738585072014e-308; // dlamch('S') = 2^-1022
export const SAFMAX: f64 = 4.49423283715579e307; // 1 / SAFMIN = 2^1022

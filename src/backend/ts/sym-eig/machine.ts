/** LAPACK's dlamch values for IEEE double, shared by every stage of the symmetric eigensolver. */

export const EPS = 2 ** -53; // dlamch('E'): relative machine precision
export const EPS2 = EPS * EPS;
export const SAFMIN = 2 ** -1022; // dlamch('S'): smallest normal, 1/SAFMIN does not overflow
export const SAFMAX = 1 / SAFMIN;

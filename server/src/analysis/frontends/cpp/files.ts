/** C++ sources and headers: C++ shares C's preprocessor, so `#if` variants work as for C. */
const CPP_SOURCE = /\.(cpp|cc|cxx|hpp|hh)$/;

export const isCppSource = (file: string): boolean => CPP_SOURCE.test(file);

// @peyvand/persian: Persian-first text, digits, calendar, money and identifier handling.
// Pure functions, no I/O, no runtime dependencies.

export * from './digits';
export * from './jalali';
export * from './money';
export * from './normalize';
export * from './normalize-sql';
export * from './validators';

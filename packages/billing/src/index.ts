// @peyvand/billing: exact money arithmetic and document totals (lines, discounts, VAT, rounding per
// currency), shared by the server and the web app so both show the same figures. Pure, no I/O.

export * from './currency';
export * from './decimal';
export * from './totals';

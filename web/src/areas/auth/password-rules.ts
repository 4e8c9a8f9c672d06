/** The server refuses shorter passwords (api-contract-foundation: min 10 chars). */
export const MIN_PASSWORD_LENGTH = 10;

/** The label of the deal field where a partner writes the won customer's portal address or licence key. */
export const DEAL_PROOF_FIELD_LABEL = 'Адрес портала';

// Custom attributes: definitions per tenant for customers and products (type, required,
// options, labels in Japanese and English), and the validation of values against them.
export {
  listActiveDefinitions,
  loadDefinitions,
  toAttributeDefinition,
} from './attribute-definition.queries.js';
export { attributeDefinitionRoutes } from './attribute-definition.routes.js';
export {
  type AttributeCheck,
  type AttributeDefinition,
  checkAttributeValues,
} from './attribute-values.rules.js';
export type { AttributeDeps, AttributeValueStore } from './deps.js';
export {
  type AttributeEntity,
  type AttributeOption,
  type AttributeType,
  attributeDefinitions,
} from './schema.js';

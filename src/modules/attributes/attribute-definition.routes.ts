// 商品カスタム属性定義管理 and 顧客カスタム属性定義管理: the definitions behind the custom
// attribute fields of customers and of orders (product attributes). Reading is open to
// every logged-in user (forms of customers and orders need the definitions; a portal user
// sees product attributes only); changing them needs `attributes.manage`.
import Type from 'typebox';
import { IdParams, Instant, itemsOfSchema, Nullable, tenantContextOf } from '../../platform/http/schemas.js';
import { type App, AUTHENTICATED } from '../../platform/http/types.js';
import { KEY_PATTERN, MAX_OPTIONS } from './attribute-definition.rules.js';
import {
  createDefinition,
  deleteDefinition,
  getDefinition,
  listDefinitions,
  updateDefinition,
} from './attribute-definition.service.js';
import type { AttributeDeps } from './deps.js';

const Entity = Type.Union([Type.Literal('customer'), Type.Literal('product')]);
const AttributeTypeSchema = Type.Union([
  Type.Literal('text'),
  Type.Literal('number'),
  Type.Literal('date'),
  Type.Literal('boolean'),
  Type.Literal('select'),
  Type.Literal('multi_select'),
]);
const Label = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const Position = Type.Integer({ minimum: 0, maximum: 1_000_000 });

const OptionSchema = Type.Object(
  {
    value: Type.String({ minLength: 1, maxLength: 100 }),
    labelJa: Type.String({ minLength: 1, maxLength: 100 }),
    labelEn: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  },
  { additionalProperties: false },
);
const Options = Type.Array(OptionSchema, { maxItems: MAX_OPTIONS });

export const AttributeDefinitionSchema = Type.Object(
  {
    id: Type.String(),
    entity: Entity,
    key: Type.String(),
    labelJa: Type.String(),
    labelEn: Nullable(Type.String()),
    type: AttributeTypeSchema,
    required: Type.Boolean(),
    options: Type.Array(
      Type.Object({ value: Type.String(), labelJa: Type.String(), labelEn: Nullable(Type.String()) }),
    ),
    position: Type.Integer(),
    retired: Type.Boolean(),
    retiredAt: Nullable(Instant),
    version: Type.Integer(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'AttributeDefinition' },
);

export function attributeDefinitionRoutes(deps: AttributeDeps) {
  const { database } = deps;
  return async (app: App) => {
    app.get(
      '/attribute-definitions',
      {
        config: { access: AUTHENTICATED },
        schema: {
          tags: ['attributes'],
          summary: 'Custom attribute definitions, by entity and position',
          querystring: Type.Object(
            {
              entity: Type.Optional(Entity),
              q: Type.Optional(Type.String({ maxLength: 200 })),
              includeRetired: Type.Optional(Type.Boolean({ default: false })),
            },
            { additionalProperties: false },
          ),
          response: { 200: itemsOfSchema(AttributeDefinitionSchema) },
        },
      },
      async (request) => ({
        items: await listDefinitions(tenantContextOf(request, database), request.query),
      }),
    );

    app.post(
      '/attribute-definitions',
      {
        config: { access: 'attributes.manage' },
        schema: {
          tags: ['attributes'],
          summary: 'Create a custom attribute definition (key generated when absent)',
          body: Type.Object(
            {
              entity: Entity,
              key: Type.Optional(
                Type.String({
                  pattern: KEY_PATTERN,
                  description: 'Lower-case letters, digits and _, a letter first; never changes',
                }),
              ),
              labelJa: Label,
              labelEn: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
              type: AttributeTypeSchema,
              required: Type.Optional(Type.Boolean()),
              options: Type.Optional(Options),
              position: Type.Optional(Position),
            },
            { additionalProperties: false },
          ),
          response: { 201: AttributeDefinitionSchema },
        },
      },
      async (request, reply) => {
        const definition = await createDefinition(tenantContextOf(request, database), request.body);
        return reply.code(201).send(definition);
      },
    );

    app.get(
      '/attribute-definitions/:id',
      {
        config: { access: AUTHENTICATED },
        schema: {
          tags: ['attributes'],
          summary: 'A custom attribute definition',
          params: IdParams,
          response: { 200: AttributeDefinitionSchema },
        },
      },
      async (request) => getDefinition(tenantContextOf(request, database), request.params.id),
    );

    app.patch(
      '/attribute-definitions/:id',
      {
        config: { access: 'attributes.manage' },
        schema: {
          tags: ['attributes'],
          summary: 'Rename, require, reorder, change options or type, retire (with the version read)',
          params: IdParams,
          body: Type.Object(
            {
              version: Type.Integer({ minimum: 1 }),
              labelJa: Type.Optional(Label),
              labelEn: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
              type: Type.Optional(AttributeTypeSchema),
              required: Type.Optional(Type.Boolean()),
              options: Type.Optional(Options),
              position: Type.Optional(Position),
              retired: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          response: { 200: AttributeDefinitionSchema },
        },
      },
      async (request) =>
        updateDefinition(
          tenantContextOf(request, database),
          deps.valueStores,
          request.params.id,
          request.body,
        ),
    );

    app.delete(
      '/attribute-definitions/:id',
      {
        config: { access: 'attributes.manage' },
        schema: {
          tags: ['attributes'],
          summary: 'Delete a definition (unlinks it from products; stored values are no longer shown)',
          params: IdParams,
        },
      },
      async (request, reply) => {
        await deleteDefinition(tenantContextOf(request, database), request.params.id);
        return reply.code(204).send();
      },
    );
  };
}

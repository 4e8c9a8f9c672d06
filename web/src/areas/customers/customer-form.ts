// The customer form's values, the server's checks (postal code, prefecture, phone digits, a
// sell-to address for a sales account, custom attributes) and the request they become.
import type { TFunction } from 'i18next';
import type { Customer, CustomerInput, CustomerKind, CustomerLifecycle, Prefecture } from '../../api/types';
import {
  type AttributeFieldDefinition,
  type AttributeFormValues,
  attributeFormValues,
  attributeRequestValues,
  validateAttributeValues,
} from '../../components/attribute-values';
import { isPrefecture } from './customer-labels';

export interface CustomerFormValues {
  kind: CustomerKind;
  name: string;
  nameKana: string;
  lifecycle: CustomerLifecycle;
  address: {
    postalCode: string;
    prefecture: string | null;
    city: string;
    line1: string;
    line2: string;
  };
  phone: string;
  email: string;
  customerClass: string;
  attributes: AttributeFormValues;
}

export function customerFormValues(
  definitions: readonly AttributeFieldDefinition[],
  customer?: Customer,
): CustomerFormValues {
  return {
    kind: customer?.kind ?? 'organization',
    name: customer?.name ?? '',
    nameKana: customer?.nameKana ?? '',
    lifecycle: customer?.lifecycle ?? 'account',
    address: {
      postalCode: customer?.address?.postalCode ?? '',
      prefecture: customer?.address?.prefecture ?? null,
      city: customer?.address?.city ?? '',
      line1: customer?.address?.line1 ?? '',
      line2: customer?.address?.line2 ?? '',
    },
    phone: customer?.phone ?? '',
    email: customer?.email ?? '',
    customerClass: customer?.customerClass ?? '',
    attributes: attributeFormValues(definitions, customer?.attributes),
  };
}

/** Dashes people type in numbers (長音符 ー, en dash, minus ...) read as '-'. */
const DASHES = /[\u2010-\u2015\u2212\u30fc\uff70]/gu;
const normalizeNumberText = (value: string) => value.normalize('NFKC').replace(DASHES, '-').trim();

/** '1234567', '１２３－４５６７' -> '123-4567'; null when it is no postal code. */
export function normalizePostalCode(value: string): string | null {
  const match = /^(\d{3})-?(\d{4})$/.exec(normalizeNumberText(value));
  return match ? `${match[1]}-${match[2]}` : null;
}

function phoneIsValid(value: string): boolean {
  const phone = normalizeNumberText(value);
  const digits = phone.replace(/\D/g, '');
  return /^[0-9+\-() ]+$/.test(phone) && digits.length >= 10 && digits.length <= 11;
}

const hasAddress = (address: CustomerFormValues['address']) =>
  [address.postalCode, address.city, address.line1, address.line2].some((part) => part.trim() !== '') ||
  address.prefecture !== null;

export function validateCustomer(t: TFunction, definitions: readonly AttributeFieldDefinition[]) {
  return (values: CustomerFormValues): Record<string, string> => {
    const errors: Record<string, string> = {};
    const name = values.name.trim();
    if (!name) errors.name = t('validation.required');
    else if (name.length > 200) errors.name = t('validation.maxLength', { count: 200 });
    if (values.nameKana.trim().length > 200) errors.nameKana = t('validation.maxLength', { count: 200 });

    const { address } = values;
    if (values.lifecycle === 'account' || hasAddress(address)) {
      const required = values.lifecycle === 'account' && !hasAddress(address);
      const missing = required ? t('customers.validation.addressRequired') : t('validation.required');
      if (!address.postalCode.trim()) errors['address.postalCode'] = missing;
      else if (!normalizePostalCode(address.postalCode)) {
        errors['address.postalCode'] = t('customers.validation.postalCode');
      }
      if (!address.prefecture || !isPrefecture(address.prefecture)) errors['address.prefecture'] = missing;
      if (!address.city.trim()) errors['address.city'] = missing;
      else if (address.city.trim().length > 100) {
        errors['address.city'] = t('validation.maxLength', { count: 100 });
      }
      if (!address.line1.trim()) errors['address.line1'] = missing;
      else if (address.line1.trim().length > 200) {
        errors['address.line1'] = t('validation.maxLength', { count: 200 });
      }
      if (address.line2.trim().length > 200)
        errors['address.line2'] = t('validation.maxLength', { count: 200 });
    }
    if (values.phone.trim() && !phoneIsValid(values.phone)) errors.phone = t('customers.validation.phone');
    const email = values.email.trim();
    if (email && (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))) {
      errors.email = t('validation.email');
    }
    if (values.customerClass.trim().length > 100) {
      errors.customerClass = t('validation.maxLength', { count: 100 });
    }
    return { ...errors, ...validateAttributeValues(t, definitions, values.attributes) };
  };
}

/** The body of POST /customers; for a PATCH, cleared attributes are sent as null. */
export function customerRequest(
  values: CustomerFormValues,
  definitions: readonly AttributeFieldDefinition[],
  mode: 'create' | 'edit',
): CustomerInput {
  const { address } = values;
  const postalCode = normalizePostalCode(address.postalCode) ?? address.postalCode.trim();
  return {
    kind: values.kind,
    name: values.name.trim(),
    nameKana: values.nameKana.trim() || null,
    lifecycle: values.lifecycle,
    address: hasAddress(address)
      ? {
          postalCode,
          prefecture: (address.prefecture ?? '') as Prefecture,
          city: address.city.trim(),
          line1: address.line1.trim(),
          line2: address.line2.trim() || null,
        }
      : null,
    phone: values.phone.trim() ? normalizeNumberText(values.phone) : null,
    email: values.email.trim() || null,
    customerClass: values.customerClass.trim() || null,
    attributes: attributeRequestValues(definitions, values.attributes, { unsetAsNull: mode === 'edit' }),
  };
}

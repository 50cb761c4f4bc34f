import { describe, expect, it } from 'vitest';
import { compareTypes, describeType, narrowing } from '../../../scripts/lib/migrate/ops/sqltypes.js';

const t = (name: string, length: number | null = null) => ({ name, length });

describe('compareTypes', () => {
  it.each([
    [t('String', 255), t('VARCHAR', 255), 'same'],
    [t('Text'), t('TEXT'), 'same'],
    [t('DateTime'), t('TIMESTAMP'), 'same'],
    [t('String', 255), t('String', 64), 'different'],
    [t('String', 255), t('String'), 'different'],
    [t('Text'), t('String', 255), 'different'],
    [t('Integer'), t('BigInteger'), 'different'],
    [t('GUID'), t('GUID'), 'same'],
    [t('GUIDType'), t('CHAR', 32), 'unknown'],
    [t('MyType'), t('OtherType'), 'unknown'],
  ] as const)('%o vs %o: %s', (a, b, expected) => {
    expect(compareTypes(a, b)).toBe(expected);
  });
});

describe('narrowing', () => {
  it.each([
    [t('String', 255), t('String', 64), true],
    [t('String'), t('String', 64), true],
    [t('Text'), t('String', 100), true],
    [t('Integer'), t('SmallInteger'), true],
    [t('BigInteger'), t('Integer'), true],
    [t('Numeric', 10), t('Integer'), true],
    [t('Numeric', 12), t('Numeric', 8), true],
    [t('DateTime'), t('Date'), true],
    [t('String', 20), t('Integer'), true],
    [t('String', 64), t('String', 255), false],
    [t('String', 64), t('Text'), false],
    [t('SmallInteger'), t('BigInteger'), false],
    [t('Integer'), t('String', 20), false],
    [t('Date'), t('DateTime'), false],
    [t('MyType'), t('String', 1), false],
  ] as const)('%o -> %o narrows: %s', (from, to, expected) => {
    expect(narrowing(from, to) !== undefined).toBe(expected);
  });

  it('says why', () => {
    expect(narrowing(t('String', 255), t('String', 64))).toBe('String(64) holds less than String(255)');
    expect(describeType(t('Numeric', 10))).toBe('Numeric(10)');
  });
});

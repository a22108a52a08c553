import { describe, expect, it } from 'vitest';
import {
  dayStartIn,
  filterModelOf,
  filterParam,
  isComplete,
  type ListField,
  modelComplete,
  parseFilterParam,
  serverFilterOf,
  uiOpOf,
  uiOpsOf,
  withUiOp,
} from './lists';
import { sortParamOf } from './url';

const field = (type: ListField['type'], ops: ListField['ops']): ListField => ({
  name: 'f',
  type,
  sortable: true,
  filterable: true,
  ops,
});
const ORDERED: ListField['ops'] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'empty'];

describe('list filters', () => {
  it('reads the server filter into the builder and writes it back unchanged', () => {
    const filter = {
      and: [
        { field: 'custom.region', op: 'eq', value: 'north' },
        {
          or: [
            { field: 'birthDate', op: 'gte', value: '1991-03-21' },
            { field: 'lastName', op: 'starts', value: 'ته' },
          ],
        },
      ],
    };
    const model = filterModelOf(filter);
    expect(model).toEqual({
      combinator: 'and',
      items: [
        { field: 'custom.region', op: 'eq', value: 'north' },
        {
          combinator: 'or',
          items: [
            { field: 'birthDate', op: 'gte', value: '1991-03-21' },
            { field: 'lastName', op: 'starts', value: 'ته' },
          ],
        },
      ],
    });
    expect(serverFilterOf(model as NonNullable<typeof model>)).toEqual(filter);
    expect(parseFilterParam(filterParam(model as NonNullable<typeof model>))).toEqual(model);
  });

  it('takes a lone condition, nothing, and refuses what it cannot edit', () => {
    expect(filterModelOf({ field: 'name', op: 'contains', value: 'a' })?.items).toHaveLength(1);
    expect(filterModelOf(null)?.items).toEqual([]);
    expect(parseFilterParam(null)?.items).toEqual([]);
    expect(parseFilterParam('{not json')).toBeNull();
    // Groups inside groups are deeper than the builder goes.
    expect(filterModelOf({ or: [{ and: [{ and: [] }] }] })).toBeNull();
    expect(filterModelOf({ or: [{ field: 'x' }] })).toBeNull();
    // An empty group is dropped; an empty filter is no filter.
    expect(serverFilterOf({ combinator: 'or', items: [{ combinator: 'and', items: [] }] })).toBeUndefined();
  });

  it("offers the server's operators, with empty as two choices and date-times compared by day", () => {
    expect(uiOpsOf(field('date', ORDERED))).toEqual([
      'eq',
      'ne',
      'lt',
      'lte',
      'gt',
      'gte',
      'empty',
      'notEmpty',
    ]);
    expect(uiOpsOf(field('datetime', ORDERED))).toEqual(['lt', 'gte', 'empty', 'notEmpty']);
    expect(uiOpsOf(field('enum', ['eq', 'ne', 'in', 'empty']))).toContain('in');
    expect(uiOpsOf({ ...field('uuid', ['eq', 'ne', 'in', 'empty']), filterable: true })).not.toContain('in');
    // An id that names a stage or a member is picked by name, one or several.
    expect(uiOpsOf({ ...field('uuid', ['eq', 'ne', 'in', 'empty']), references: 'stage' })).toEqual([
      'eq',
      'ne',
      'in',
      'empty',
      'notEmpty',
    ]);
    const notEmpty = withUiOp({ field: 'f', op: 'eq', value: 'x' }, 'notEmpty');
    expect(notEmpty).toEqual({ field: 'f', op: 'empty', value: false });
    expect(uiOpOf(notEmpty)).toBe('notEmpty');
    // A value survives a change between comparable operators, not into or out of a list.
    expect(withUiOp({ field: 'f', op: 'eq', value: 'x' }, 'ne').value).toBe('x');
    expect(withUiOp({ field: 'f', op: 'eq', value: 'x' }, 'in').value).toEqual([]);
  });

  it('applies only complete conditions', () => {
    expect(isComplete({ field: 'f', op: 'eq', value: null })).toBe(false);
    expect(isComplete({ field: 'f', op: 'eq', value: '  ' })).toBe(false);
    expect(isComplete({ field: 'f', op: 'in', value: [] })).toBe(false);
    expect(isComplete({ field: 'f', op: 'gte', value: 0 })).toBe(true);
    expect(isComplete({ field: 'f', op: 'empty', value: true })).toBe(true);
    expect(
      modelComplete({
        combinator: 'and',
        items: [
          {
            combinator: 'or',
            items: [
              { field: 'f', op: 'eq', value: 'a' },
              { field: 'f', op: 'eq', value: null },
            ],
          },
        ],
      }),
    ).toBe(false);
  });

  it('starts a picked day in the user time zone', () => {
    expect(dayStartIn('2026-03-21', 'Asia/Tehran')).toBe('2026-03-21T00:00:00+03:30');
    expect(dayStartIn('2026-07-01', 'Europe/Berlin')).toBe('2026-07-01T00:00:00+02:00');
    expect(dayStartIn('2026-01-15', 'America/New_York')).toBe('2026-01-15T00:00:00-05:00');
    expect(dayStartIn('2026-01-15', 'UTC')).toBe('2026-01-15T00:00:00+00:00');
  });
});

describe('sortParamOf', () => {
  const columns = [{ field: 'name' }, { field: 'createdAt' }];
  it('follows what the user chose on the grid', () => {
    expect(sortParamOf([{ field: 'name', sort: 'desc' }], null, columns)).toBe('-name');
    expect(sortParamOf([], '-name', columns)).toBeNull();
  });
  it('keeps a sort the grid dropped only because it has no column for it', () => {
    expect(sortParamOf([], 'name', [])).toBe('name');
    expect(sortParamOf([], 'lastName', columns)).toBe('lastName');
  });
});

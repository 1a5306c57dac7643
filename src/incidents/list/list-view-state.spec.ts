import { describe, expect, it } from 'vitest';
import {
  INITIAL_LIST_VIEW,
  PAGE_SIZE,
  isFiltered,
  oneOf,
  toIncidentFilters,
  withFilter,
  withMoreRows,
  withoutFilters,
} from './list-view-state';

describe('toIncidentFilters', () => {
  it('leaves every filter open for the initial view', () => {
    expect(toIncidentFilters(INITIAL_LIST_VIEW, '')).toEqual({
      text: '',
      categories: [],
      violations: [],
      regions: [],
      dateFrom: '',
      dateTo: '',
      statuses: [],
    });
  });

  it('turns each chosen value into a one-item list and trims the text', () => {
    const view = {
      ...INITIAL_LIST_VIEW,
      category: 'assembly' as const,
      violation: 'detention' as const,
      region: 'bishkek',
      dateFrom: '03.2017',
      dateTo: '2017',
      status: 'verified' as const,
    };
    expect(toIncidentFilters(view, '  марш ')).toEqual({
      text: 'марш',
      categories: ['assembly'],
      violations: ['detention'],
      regions: ['bishkek'],
      dateFrom: '2017-03-01',
      dateTo: '2017-12-31',
      statuses: ['verified'],
    });
  });

  it('ignores a date that cannot be read', () => {
    const view = { ...INITIAL_LIST_VIEW, dateFrom: '31.02.2017', dateTo: 'вчера' };
    expect(toIncidentFilters(view, '')).toMatchObject({ dateFrom: '', dateTo: '' });
  });
});

describe('list view changes', () => {
  it('goes back to the first page when a filter changes', () => {
    const expanded = { ...INITIAL_LIST_VIEW, visible: PAGE_SIZE * 4 };
    expect(withFilter(expanded, 'region', 'osh_city').visible).toBe(PAGE_SIZE);
    expect(withFilter(expanded, 'query', 'суд')).toMatchObject({
      query: 'суд',
      visible: PAGE_SIZE,
    });
  });

  it('reveals one more page, never more than there are results', () => {
    expect(withMoreRows(INITIAL_LIST_VIEW, 1000).visible).toBe(PAGE_SIZE * 2);
    expect(withMoreRows(INITIAL_LIST_VIEW, 70).visible).toBe(70);
  });

  it('clears the filters but keeps the search text', () => {
    const view = { ...INITIAL_LIST_VIEW, query: 'BBC', status: 'draft' as const, region: 'naryn' };
    expect(withoutFilters(view)).toEqual({ ...INITIAL_LIST_VIEW, query: 'BBC' });
  });

  it('knows when anything narrows the list', () => {
    expect(isFiltered(INITIAL_LIST_VIEW)).toBe(false);
    expect(isFiltered({ ...INITIAL_LIST_VIEW, query: '   ' })).toBe(false);
    expect(isFiltered({ ...INITIAL_LIST_VIEW, query: 'a' })).toBe(true);
    expect(isFiltered({ ...INITIAL_LIST_VIEW, dateTo: '2017-12-31' })).toBe(true);
  });
});

describe('oneOf', () => {
  it('accepts only listed values', () => {
    expect(oneOf(['draft', 'verified'] as const, 'verified')).toBe('verified');
    expect(oneOf(['draft', 'verified'] as const, 'deleted')).toBe('');
    expect(oneOf(['draft', 'verified'] as const, '')).toBe('');
  });
});

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type TaskType } from './client';

/** The task catalogue (GET /task-types): labels and the form of every task type. */
export const catalogueQuery = {
  queryKey: ['task-types'],
  queryFn: async (): Promise<Map<string, TaskType>> => new Map((await unwrap(api.GET('/task-types'))).items.map((e) => [e.type as string, e] as const)),
  staleTime: Infinity,
};

export function useCatalogue() {
  return useQuery(catalogueQuery);
}

/** A catalogue label in the current language. */
export function useLabel() {
  const { i18n } = useTranslation();
  return (label: { nl: string; en: string } | undefined, fallback = ''): string => (label ? (i18n.language === 'en' ? label.en : label.nl) : fallback);
}

export type CatalogueMap = Map<string, TaskType>;

/** Organisations by type, for choices in forms (employers for the coordinator, care providers for a transfer). */
export function useOrganisations(enabled: boolean) {
  return useQuery({
    queryKey: ['organisations'],
    enabled,
    queryFn: async () => {
      const items = (await unwrap(api.GET('/organisations', { params: { query: { limit: 200 } } }))).items;
      const byType: Record<string, { id: string; name: string }[]> = {};
      for (const o of items) if (o.active) (byType[o.type] ??= []).push({ id: o.id, name: o.name });
      return { byType, names: new Map(items.map((o) => [o.id, o.name])) };
    },
    staleTime: 60000,
  });
}

/** The label of any code of the catalogue's vocabularies (talents, roles, routes, reasons...). */
export function useCodeLabel() {
  const catalogue = useCatalogue();
  const label = useLabel();
  const codes = new Map<string, { nl: string; en: string }>();
  for (const entry of catalogue.data?.values() ?? []) for (const field of Object.values(entry.fields)) for (const [c, l] of Object.entries(field.codes ?? {})) codes.set(c, l);
  return (code: string): string => label(codes.get(code), code);
}

/** The municipality's workplaces on the list with a free place, labelled for a choice (a match's workplace). */
export function useFreeWorkplaces(enabled: boolean) {
  return useQuery({
    queryKey: ['workplaces', 'free'],
    enabled,
    queryFn: async () => {
      const items = (await unwrap(api.GET('/workplaces', { params: { query: { active: true, limit: 200 } } }))).items;
      return items.filter((w) => w.occupied < w.capacity).map((w) => ({ id: w.id, employerId: w.employerId, name: `${w.title} (${w.location})` }));
    },
  });
}

import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A page's filters kept in the address (so a reload, a bookmark or a shared link shows the same
 * figures): `names` maps each filter to its search parameter. The form edits a draft; `apply`
 * puts the draft in the address, leaving out empty filters.
 */
export function useUrlFilters<K extends string>(names: Record<K, string>) {
  const [params, setParams] = useSearchParams();
  const keys = Object.keys(names) as K[];
  const applied = Object.fromEntries(keys.filter((k) => params.get(names[k])).map((k) => [k, params.get(names[k])!])) as Partial<Record<K, string>>;
  const [draft, setDraft] = useState<Partial<Record<K, string>>>(applied);
  const apply = (event?: FormEvent, values: Partial<Record<K, string>> = draft): void => {
    event?.preventDefault();
    const next = new URLSearchParams(params);
    for (const k of keys) {
      if (values[k]) next.set(names[k], values[k]!);
      else next.delete(names[k]);
    }
    setDraft(values);
    setParams(next);
  };
  return { applied, draft, setDraft, apply };
}

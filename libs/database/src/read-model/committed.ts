/**
 * The rows a person is shown: those of the committed history only. A projection is written by a
 * local activity inside a workflow task; when that task is lost (a worker or Temporal killed before
 * its completion is stored), its rows stay until the workflow's redo replaces them, seconds later.
 * Every row of the read model carries the sequence it was written at, and each journey the
 * sequence up to which its history is known committed (`journeys.committed_sequence`: raised by
 * an Update's answer, by the next projection's base, and by the notice dispatcher's confirmation
 * of what no Update answered). A row above it is not shown yet; a lost task's rows never are.
 *
 * `alias` names the row (journey_events, human_tasks); the condition reads its journey's
 * committed sequence by primary key.
 */
export function committed(alias: string): string {
  return `${alias}.sequence <= (SELECT cj.committed_sequence FROM journeys cj WHERE cj.candidate_id = ${alias}.candidate_id)`;
}

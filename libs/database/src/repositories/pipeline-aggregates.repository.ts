import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * The pipeline summary's aggregates as their keepers use them: the worker's fold and the
 * reconciliation's check and rebuild (the SQL functions' bodies live in sql/pipeline-aggregates.ts).
 */
@Injectable()
export class PipelineAggregatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Folds the log of aggregate deltas into the aggregates' tables (any number of workers may call it; one folds at a time). */
  async fold(): Promise<void> {
    await this.dataSource.query('SELECT pipeline_aggregates_fold()');
  }

  /** The municipality's aggregates that differ from their recomputation, with how many rows differ. */
  drift(municipalityId: string): Promise<{ aggregate: string; differing: number }[]> {
    return this.dataSource.query(`SELECT aggregate, differing FROM pipeline_aggregates_drift($1) WHERE differing > 0 ORDER BY aggregate`, [municipalityId]);
  }

  /** Makes the municipality's aggregates equal their recomputation (in one transaction and snapshot). */
  async rebuild(municipalityId: string): Promise<void> {
    await this.dataSource.transaction((tx) => tx.query(`SELECT pipeline_aggregates_rebuild($1)`, [municipalityId]));
  }
}

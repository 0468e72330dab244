import { ApiProperty } from '@nestjs/swagger';

/** What the readiness and liveness checks answer (the controller sends them, the service makes them). */
export class DependencyHealth {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiProperty({ description: 'Time the check took, in milliseconds' })
  latencyMs!: number;

  @ApiProperty({ required: false })
  error?: string;
}

export class WorkerHealth extends DependencyHealth {
  @ApiProperty({ description: 'Workers seen polling the journeys task queue within the last 10 seconds' })
  workers!: number;

  @ApiProperty({ required: false, description: 'Milliseconds since a worker was last seen' })
  lastSeenMsAgo?: number;
}

export class HealthReport {
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';

  @ApiProperty({ type: DependencyHealth })
  database!: DependencyHealth;

  @ApiProperty({ type: DependencyHealth })
  temporal!: DependencyHealth;

  @ApiProperty({ type: WorkerHealth, description: 'A worker polls the journeys task queue: without one, every command waits and answers 503' })
  worker!: WorkerHealth;
}

export class LivenessReport {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}

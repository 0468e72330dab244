import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';
import { HealthService } from './health.service';

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

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process runs and answers (restart it when this fails)' })
  @ApiOkResponse({ type: LivenessReport })
  live(): LivenessReport {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Temporal answer and a worker polls the journeys task queue (send traffic only when this is 200)' })
  @ApiOkResponse({ type: HealthReport })
  @ApiServiceUnavailableResponse({ type: HealthReport, description: 'A dependency is down, or no worker polls' })
  ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    return this.report(reply);
  }

  @Get()
  @ApiOperation({ summary: 'Readiness, as GET /health/ready' })
  @ApiOkResponse({ type: HealthReport })
  @ApiServiceUnavailableResponse({ type: HealthReport, description: 'A dependency is down, or no worker polls' })
  check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    return this.report(reply);
  }

  private async report(reply: FastifyReply): Promise<HealthReport> {
    const report = await this.health.check();
    if (report.status !== 'ok') void reply.status(503).header('retry-after', '5');
    return report;
  }
}

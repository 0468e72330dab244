import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JourneyStep } from '../../domain/src/journey';
import type { PersonSummary } from '../../domain/src/access';

/**
 * Who a list row or a task is about and where the journey stands, as far as the reader's part and
 * the consent allow (libs/domain/src/access.ts personSummary): the municipality and the care
 * parties the full name, age and referral date; a host the first name. Access-logged.
 */
export class PersonDto implements PersonSummary {
  @ApiPropertyOptional({ example: 'Sanne' }) firstName?: string;
  @ApiPropertyOptional({ example: 'de Vries', description: 'Not for hosts' }) lastName?: string;
  @ApiPropertyOptional({ example: 19, description: 'Age in years (never the date of birth); not for hosts' }) age?: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'Not for hosts' }) referredAt?: string;
  @ApiPropertyOptional({ example: 'De Linde', description: 'The organisation that referred the young person' }) referrerName?: string;
  @ApiProperty({ enum: Object.values(JourneyStep) }) step!: JourneyStep;
  @ApiPropertyOptional({ example: 'Bakkerij Van Dam', description: 'Where the young person works or orients now (a host: only itself)' }) hostName?: string;
  @ApiProperty({ example: 42, description: 'Days since the referral' }) daysRunning!: number;
}

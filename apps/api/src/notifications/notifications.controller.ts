import { Body, Controller, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  NotificationDto,
  NotificationPageDto,
  NotificationPreferencesDto,
  NotificationQueryDto,
  UnreadCountDto,
} from '../../../../libs/contracts/src/notification.dto';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { answer, ApiIdempotencyKey, Idempotency, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { NotificationsService } from './notifications.service';
import { uuidParam } from '../problem/uuid-param';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @ApiOperation({ summary: 'Your notifications (meldingen), newest first: new tasks, reminders, escalations, journey acts' })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiProblems(400, 401, 404, 503)
  list(@CurrentPrincipal() principal: Principal, @Query() query: NotificationQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list(principal, query);
  }

  @Get('notifications/unread-count')
  @ApiOperation({ summary: 'How many of your notifications are unread' })
  @ApiOkResponse({ type: UnreadCountDto })
  @ApiProblems(401, 404, 503)
  unreadCount(@CurrentPrincipal() principal: Principal): Promise<UnreadCountDto> {
    return this.notifications.unreadCount(principal);
  }

  @Post('notifications/read-all')
  @ApiOperation({ summary: 'Mark all your notifications read; answers how many are unread after it' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: UnreadCountDto })
  @ApiProblems(400, 401, 404, 422, 503)
  async markAllRead(
    @CurrentPrincipal() principal: Principal,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UnreadCountDto> {
    return answer(reply, await this.notifications.markAllRead(principal, request));
  }

  @Post('notifications/:id/read')
  @ApiOperation({ summary: 'Mark one of your notifications read (another user’s is 404)' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: NotificationDto })
  @ApiProblems(400, 401, 404, 422, 503)
  async markRead(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam('id')) id: string,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<NotificationDto> {
    return answer(reply, await this.notifications.markRead(principal, id, request));
  }

  @Get('notification-preferences')
  @ApiOperation({ summary: 'How you are told of each kind (at once, in the daily digest, not at all), and in which language' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  @ApiProblems(401, 404, 503)
  preferences(@CurrentPrincipal() principal: Principal): Promise<NotificationPreferencesDto> {
    return this.notifications.preferences(principal);
  }

  @Put('notification-preferences')
  @ApiOperation({ summary: 'Replace your notification preferences' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: NotificationPreferencesDto })
  @ApiProblems(400, 401, 404, 422, 503)
  async savePreferences(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: NotificationPreferencesDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<NotificationPreferencesDto> {
    return answer(reply, await this.notifications.savePreferences(principal, dto, request));
  }
}

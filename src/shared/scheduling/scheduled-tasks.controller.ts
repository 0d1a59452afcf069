import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import { NotFoundError } from '../domain/domain-error';
import { ApiProblems } from '../http/api-problems.decorator';
import { decodeCursor, page } from '../http/cursor';
import { PageQueryDto } from '../http/page-query.dto';
import { TaskRun, TaskRunsRepository } from './task-runs.repository';

class TaskRunView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'leads.expire' }) task: string;
  @ApiProperty({ format: 'date-time', description: 'The due time this run was for' }) dueAt: string;
  @ApiProperty({ description: 'The instance that ran it (host:pid:random)' }) instance: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null while running, or if the instance died' })
  finishedAt: string | null;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed'] }) outcome: string;
  @ApiProperty({ nullable: true, type: Object, example: { expired: 3 }, description: 'What the run did, by kind' })
  counts: Record<string, number> | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it failed (an error code or name, never data)' })
  error: string | null;
}

class ScheduledTaskView {
  @ApiProperty({ example: 'leads.expire' }) name: string;
  @ApiProperty({ example: 60 }) everySeconds: number;
  @ApiProperty({ format: 'date-time' }) nextDueAt: string;
  @ApiProperty({ type: TaskRunView, nullable: true }) lastRun: TaskRunView | null;
}

class TaskRunPageView {
  @ApiProperty({ type: [TaskRunView] }) items: TaskRunView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

@ApiTags('operations')
@Access('operator')
@Controller('scheduled-tasks')
export class ScheduledTasksController {
  constructor(private readonly runs: TaskRunsRepository) {}

  @Get()
  @ApiOperation({ summary: 'Scheduled tasks: how often each runs, when it is next due, and its last run' })
  @ApiOkResponse({ type: [ScheduledTaskView] })
  @ApiProblems(401, 403)
  async list(): Promise<ScheduledTaskView[]> {
    const schedules = await this.runs.schedules();
    return schedules.map((s) => ({
      name: s.name,
      everySeconds: s.everySeconds,
      nextDueAt: s.nextDueAt.toISOString(),
      lastRun: s.lastRun && toView(s.lastRun),
    }));
  }

  @Get(':name/runs')
  @ApiOperation({ summary: 'The runs of one scheduled task, newest first' })
  @ApiParam({ name: 'name', example: 'leads.expire' })
  @ApiOkResponse({ type: TaskRunPageView })
  @ApiProblems(400, 401, 403, 404)
  async runsOf(@Param('name') name: string, @Query() q: PageQueryDto): Promise<TaskRunPageView> {
    if (!(await this.runs.exists(name))) throw new NotFoundError('Scheduled task');
    const rows = await this.runs.runs(name, decodeCursor(q.cursor), q.limit + 1);
    const { items, nextCursor } = page(rows, q.limit, (r) => ({ at: r.startedAt, id: r.id }));
    return { items: items.map(toView), nextCursor };
  }
}

function toView(r: TaskRun): TaskRunView {
  return {
    id: r.id,
    task: r.task,
    dueAt: r.dueAt.toISOString(),
    instance: r.instance,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    outcome: r.outcome,
    counts: r.counts,
    error: r.error,
  };
}

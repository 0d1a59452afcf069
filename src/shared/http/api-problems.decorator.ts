import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';

class FieldErrorView {
  @ApiProperty({ example: 'contact.phone' }) field: string;
  @ApiProperty({ example: 'phone must be a valid phone number' }) message: string;
}

export class ProblemView {
  @ApiProperty({ example: 'https://partner-leads.dev/problems/not-found' }) type: string;
  @ApiProperty({ example: 'Not Found' }) title: string;
  @ApiProperty({ example: 404 }) status: number;
  @ApiProperty({ example: 'Lead not found' }) detail: string;
  @ApiProperty({ example: 'NOT_FOUND', description: 'Stable error code' }) code: string;
  @ApiProperty({ type: [FieldErrorView], required: false }) errors?: FieldErrorView[];
}

/** Documents the problem-details answers a route can give; every documented route is rate limited (429). */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...[...statuses, 429].map((status) =>
      ApiResponse({ status, description: STATUS_CODES[status], type: ProblemView }),
    ),
  );
}

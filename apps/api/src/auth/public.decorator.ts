import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'placement:isPublic';

/** This route needs no bearer token (health, docs, development token minting). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

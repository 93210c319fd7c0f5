/**
 * TypeDoc plugin: every exported function and class shows how it is called. Warns (an error
 * under treatWarningsAsErrors) when a function has no @example on any of its signatures, or a
 * class none in its own comment or on its constructor.
 */
import { Application, ReflectionKind } from 'typedoc';

const hasExample = (comment) => comment?.blockTags.some((t) => t.tag === '@example') ?? false;

export function load(app) {
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    for (const fn of project.getReflectionsByKind(ReflectionKind.Function)) {
      if (!hasExample(fn.comment) && !(fn.signatures ?? []).some((s) => hasExample(s.comment))) {
        app.logger.warn(`${fn.getFriendlyFullName()} (Function) has no @example`);
      }
    }
    for (const cls of project.getReflectionsByKind(ReflectionKind.Class)) {
      const ctor = cls.children?.find((c) => c.kindOf(ReflectionKind.Constructor));
      if (!hasExample(cls.comment) && !(ctor?.signatures ?? []).some((s) => hasExample(s.comment))) {
        app.logger.warn(`${cls.getFriendlyFullName()} (Class) has no @example`);
      }
    }
  });
}

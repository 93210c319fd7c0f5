/**
 * TypeDoc plugin: every exported function and class shows how it is called and what it throws.
 * Warns (an error under treatWarningsAsErrors) when
 * - a function has no @example on any of its signatures, or a class none in its own comment or
 *   on its constructor;
 * - a function's comment says nothing about errors: it needs a @throws tag, an MmlError subclass
 *   named in the text, or the words "never throws".
 */
import { Application, Comment, ReflectionKind } from 'typedoc';

const hasExample = (comment) => comment?.blockTags.some((t) => t.tag === '@example') ?? false;
const text = (comment) =>
  comment ? [Comment.combineDisplayParts(comment.summary), ...comment.blockTags.map((t) => `${t.tag} ${Comment.combineDisplayParts(t.content)}`)].join(' ') : '';
const SAYS_ERRORS = /@throws|[A-Z][A-Za-z]*Error\b|never throws/i;

export function load(app) {
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    for (const fn of project.getReflectionsByKind(ReflectionKind.Function)) {
      const comments = [fn.comment, ...(fn.signatures ?? []).map((s) => s.comment)];
      if (!comments.some(hasExample)) app.logger.warn(`${fn.getFriendlyFullName()} (Function) has no @example`);
      if (!SAYS_ERRORS.test(comments.map(text).join(' '))) {
        app.logger.warn(`${fn.getFriendlyFullName()} (Function) does not say what it throws (@throws, an MmlError subclass, or "never throws")`);
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

import ts from 'typescript';

/**
 * Static scan of renderer sources for i18n mistakes, with the TypeScript
 * compiler API (syntax only, no type checker: fast, and good enough for how
 * components here are written).
 *
 * Literals: JSX text with letters; string literals with letters in attributes
 * users see (placeholder, title, alt, aria-label & co, label/legend/hint/
 * caption/heading/message/description/tooltip-like props of components, value
 * of a submit/button/reset input); string literals rendered as JSX children
 * (`{'Save'}`, `{ok ? 'Yes' : 'No'}`); arguments of alert/confirm/prompt.
 * A literal is fine when it is (inside) the argument of a call, which covers
 * t('key'); a call to anything else (e.g. `label={format('Save')}`) is
 * therefore not caught.
 *
 * Keys: calls to a `t` obtained from `useTranslation(ns, { keyPrefix })` in an
 * enclosing function (also renamed: `const { t: tList } = …`), `i18n.t` /
 * `i18next.t` (namespace `common`), `<Trans i18nKey>`, and `*LabelKey`-style
 * properties. An explicit `ns:` prefix or `{ ns }` option wins; with an array
 * of namespaces the first is the default, as in react-i18next. Known limits: a
 * `t` passed in as a parameter has an unknown namespace (the key may be in any
 * namespace); template-literal keys are checked by their static prefix only
 * (`vocab:region.${id}` needs some key under `region.`); keys built any other
 * way are not checked.
 */

export interface Finding {
  file: string;
  line: number;
  message: string;
}

export interface KeyUse {
  file: string;
  line: number;
  /** The key as written, without a namespace prefix. */
  key: string;
  /** True when only the static start of the key is known (template literal). */
  prefixOnly: boolean;
  /** Namespace to look in; null when it cannot be told (a `t` received as a parameter). */
  namespace: string | null;
  /** Written with `count`, so plural forms count as the key. */
  plural: boolean;
  returnObjects: boolean;
  /**
   * From a `labelKey: '…'`-style property: it may be completed elsewhere
   * (`t(\`shortcuts.${labelKey}\`)`), so any key ending in it counts.
   */
  suffixOnly?: boolean;
}

export interface ScanResult {
  literals: Finding[];
  keys: KeyUse[];
}

const LETTER = /\p{L}/u;

/** Attributes of DOM elements whose value users see or hear. */
const VISIBLE_DOM_ATTRIBUTES = new Set([
  'placeholder',
  'title',
  'alt',
  'label',
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
]);

/** Props of our own components that end up on screen, by name ending. */
const VISIBLE_PROP =
  /(label|title|placeholder|legend|hint|caption|heading|message|description|tooltip|text)$/i;

/** Object properties that hold an i18n key (`labelKey: 'nav.incidents'`). */
const KEY_PROPERTY = /^(i18nKey|[a-z]+Key)$/;
const NON_KEY_PROPERTIES = new Set([
  'storageKey',
  'sortKey',
  'routeKey',
  'cacheKey',
  'shortcutKey',
  'hotKey',
]);

const DIALOG_FUNCTIONS = new Set(['alert', 'confirm', 'prompt']);

interface TranslatorBinding {
  namespaces: string[];
  keyPrefix: string;
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

function stringValue(node: ts.Node | undefined): string | undefined {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)))
    return node.text;
  return undefined;
}

/** String literals an expression can evaluate to without calling anything. */
function literalOutcomes(expression: ts.Expression): { node: ts.Node; text: string }[] {
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) {
    return [{ node: expression, text: expression.text }];
  }
  if (ts.isTemplateExpression(expression)) {
    const parts = [expression.head.text, ...expression.templateSpans.map((s) => s.literal.text)];
    return [{ node: expression, text: parts.join(' ') }];
  }
  if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression)) {
    return literalOutcomes(expression.expression);
  }
  if (ts.isConditionalExpression(expression)) {
    return [...literalOutcomes(expression.whenTrue), ...literalOutcomes(expression.whenFalse)];
  }
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (
      operator === ts.SyntaxKind.BarBarToken ||
      operator === ts.SyntaxKind.QuestionQuestionToken ||
      operator === ts.SyntaxKind.PlusToken
    ) {
      return [...literalOutcomes(expression.left), ...literalOutcomes(expression.right)];
    }
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken)
      return literalOutcomes(expression.right);
  }
  return [];
}

function attributeName(attribute: ts.JsxAttribute): string {
  return attribute.name.getText();
}

function tagName(node: ts.JsxOpeningLikeElement): string {
  return node.tagName.getText();
}

function isVisibleAttribute(element: ts.JsxOpeningLikeElement, name: string): boolean {
  const tag = tagName(element);
  const isDom = /^[a-z]/.test(tag);
  if (name === 'value' && tag === 'input') {
    const type = element.attributes.properties.find(
      (p): p is ts.JsxAttribute => ts.isJsxAttribute(p) && attributeName(p) === 'type',
    );
    const typeValue = stringValue(type?.initializer);
    return typeValue === 'submit' || typeValue === 'button' || typeValue === 'reset';
  }
  if (VISIBLE_DOM_ATTRIBUTES.has(name)) return true;
  return (
    !isDom && !name.startsWith('aria-') && !name.startsWith('data-') && VISIBLE_PROP.test(name)
  );
}

function namespacesFromArgument(argument: ts.Expression | undefined): string[] | undefined {
  if (!argument) return undefined;
  const single = stringValue(argument);
  if (single !== undefined) return [single];
  if (ts.isArrayLiteralExpression(argument)) {
    const names = argument.elements.map((e) => stringValue(e)).filter((n): n is string => !!n);
    return names.length > 0 ? names : undefined;
  }
  return undefined;
}

function objectProperty(
  object: ts.Expression | undefined,
  name: string,
): ts.Expression | undefined {
  if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && property.name.getText() === name)
      return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name)
      return property.name;
  }
  return undefined;
}

function isFunctionScope(node: ts.Node): boolean {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isSourceFile(node)
  );
}

/** `const { t } = useTranslation('editor')` and `const { t: tList } = useTranslation(['list'])`. */
function translatorDeclarations(
  declaration: ts.VariableDeclaration,
): Map<string, TranslatorBinding> {
  const found = new Map<string, TranslatorBinding>();
  const init = declaration.initializer;
  if (!init || !ts.isCallExpression(init) || !ts.isObjectBindingPattern(declaration.name))
    return found;
  const callee = init.expression.getText();
  let binding: TranslatorBinding | undefined;
  if (callee === 'useTranslation') {
    const keyPrefix = stringValue(objectProperty(init.arguments[1], 'keyPrefix')) ?? '';
    binding = { namespaces: namespacesFromArgument(init.arguments[0]) ?? ['common'], keyPrefix };
  }
  if (!binding) return found;
  for (const element of declaration.name.elements) {
    const property = element.propertyName?.getText() ?? element.name.getText();
    if (property === 't' && ts.isIdentifier(element.name)) found.set(element.name.text, binding);
  }
  return found;
}

export function scanSource(file: string, text: string, scanLiterals: boolean): ScanResult {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const literals: Finding[] = [];
  const keys: KeyUse[] = [];
  const scopes = new Map<ts.Node, Map<string, TranslatorBinding>>();

  // First pass: where each translator binding is declared.
  const collect = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node)) {
      const bindings = translatorDeclarations(node);
      if (bindings.size > 0) {
        let scope: ts.Node = node;
        while (!isFunctionScope(scope)) scope = scope.parent;
        const existing = scopes.get(scope) ?? new Map<string, TranslatorBinding>();
        for (const [name, binding] of bindings) existing.set(name, binding);
        scopes.set(scope, existing);
      }
    }
    ts.forEachChild(node, collect);
  };
  collect(source);

  const resolveTranslator = (node: ts.Node, name: string): TranslatorBinding | null | undefined => {
    for (let at: ts.Node | undefined = node; at; at = at.parent) {
      const binding = scopes.get(at)?.get(name);
      if (binding) return binding;
    }
    return name === 't' ? null : undefined; // null: a `t` from elsewhere (a parameter)
  };

  const flagLiteral = (node: ts.Node, what: string, value: string) => {
    if (scanLiterals && LETTER.test(value)) {
      literals.push({
        file,
        line: lineOf(source, node),
        message: `${what}: ${JSON.stringify(value.trim())}`,
      });
    }
  };

  const recordKey = (
    node: ts.Node,
    keyNode: ts.Expression | undefined,
    binding: TranslatorBinding | null,
    options: ts.Expression | undefined,
  ) => {
    if (!keyNode) return;
    const optionNamespace = stringValue(objectProperty(options, 'ns'));
    // Options passed as a variable may hold a count: give them the benefit of the doubt.
    const plural =
      options !== undefined &&
      (!ts.isObjectLiteralExpression(options) || objectProperty(options, 'count') !== undefined);
    const returnObjects =
      objectProperty(options, 'returnObjects')?.kind === ts.SyntaxKind.TrueKeyword;
    const candidates: { text: string; prefixOnly: boolean }[] = [];
    const gather = (expression: ts.Expression) => {
      const value = stringValue(expression);
      if (value !== undefined) candidates.push({ text: value, prefixOnly: false });
      else if (ts.isTemplateExpression(expression))
        candidates.push({ text: expression.head.text, prefixOnly: true });
      else if (ts.isConditionalExpression(expression)) {
        gather(expression.whenTrue);
        gather(expression.whenFalse);
      } else if (ts.isParenthesizedExpression(expression)) gather(expression.expression);
    };
    gather(keyNode);
    for (const candidate of candidates) {
      let key = candidate.text;
      let namespace: string | null = optionNamespace ?? binding?.namespaces[0] ?? null;
      const colon = key.indexOf(':');
      if (colon > 0 && /^[a-z]+$/.test(key.slice(0, colon))) {
        namespace = key.slice(0, colon);
        key = key.slice(colon + 1);
      } else if (binding?.keyPrefix) {
        key = `${binding.keyPrefix}.${key}`;
      }
      if (candidate.prefixOnly && key === '') continue; // fully dynamic: nothing to check
      keys.push({
        file,
        line: lineOf(source, node),
        key,
        prefixOnly: candidate.prefixOnly,
        namespace,
        plural,
        returnObjects,
      });
    }
  };

  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      flagLiteral(node, 'JSX text', node.text);
    } else if (
      ts.isJsxExpression(node) &&
      node.expression &&
      (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))
    ) {
      for (const outcome of literalOutcomes(node.expression))
        flagLiteral(outcome.node, 'JSX child', outcome.text);
    } else if (ts.isJsxAttribute(node)) {
      const element = node.parent.parent;
      const name = attributeName(node);
      if (isVisibleAttribute(element, name) && node.initializer) {
        if (ts.isStringLiteral(node.initializer))
          flagLiteral(node, `${name}=`, node.initializer.text);
        else if (ts.isJsxExpression(node.initializer) && node.initializer.expression) {
          for (const outcome of literalOutcomes(node.initializer.expression))
            flagLiteral(outcome.node, `${name}=`, outcome.text);
        }
      }
      if (name === 'i18nKey' && tagName(element) === 'Trans' && node.initializer) {
        const nsAttribute = element.attributes.properties.find(
          (p): p is ts.JsxAttribute => ts.isJsxAttribute(p) && attributeName(p) === 'ns',
        );
        const ns = stringValue(nsAttribute?.initializer);
        const keyExpression = ts.isJsxExpression(node.initializer)
          ? node.initializer.expression
          : node.initializer;
        const binding = resolveTranslator(node, 't');
        recordKey(
          node,
          keyExpression,
          ns
            ? { namespaces: [ns], keyPrefix: '' }
            : (binding ?? { namespaces: ['common'], keyPrefix: '' }),
          undefined,
        );
      }
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee)) {
        const binding = resolveTranslator(node, callee.text);
        if (binding !== undefined) recordKey(node, node.arguments[0], binding, node.arguments[1]);
        if (DIALOG_FUNCTIONS.has(callee.text) && node.arguments[0]) {
          for (const outcome of literalOutcomes(node.arguments[0]))
            flagLiteral(outcome.node, `${callee.text}()`, outcome.text);
        }
      } else if (ts.isPropertyAccessExpression(callee)) {
        const method = callee.name.text;
        const target = callee.expression.getText();
        if (method === 't' && /^(i18n|i18next)$/.test(target)) {
          recordKey(
            node,
            node.arguments[0],
            { namespaces: ['common'], keyPrefix: '' },
            node.arguments[1],
          );
        }
        if (DIALOG_FUNCTIONS.has(method) && target === 'window' && node.arguments[0]) {
          for (const outcome of literalOutcomes(node.arguments[0]))
            flagLiteral(outcome.node, `${method}()`, outcome.text);
        }
      }
      // Anything inside a call's arguments has been handled as a key or is the callee's business.
      ts.forEachChild(node.expression, visit);
      for (const argument of node.arguments) {
        if (!ts.isStringLiteral(argument) && !ts.isNoSubstitutionTemplateLiteral(argument))
          visit(argument);
      }
      return;
    } else if (ts.isPropertyAssignment(node)) {
      const name = node.name.getText();
      const value = stringValue(node.initializer);
      if (
        value !== undefined &&
        KEY_PROPERTY.test(name) &&
        !NON_KEY_PROPERTIES.has(name) &&
        /^[\w:.-]+$/.test(value)
      ) {
        const colon = value.indexOf(':');
        keys.push({
          file,
          line: lineOf(source, node),
          key: colon > 0 ? value.slice(colon + 1) : value,
          prefixOnly: false,
          namespace: colon > 0 ? value.slice(0, colon) : null,
          plural: true,
          returnObjects: false,
          suffixOnly: true,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { literals, keys };
}

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** What the source says of one exported server action under app/(admin). */
export type DeclaredAction = {
  /** `${file}#${exportedName}`, as the build's server-reference manifest names it. */
  action: string;
  /** The permission given to adminAction as its first argument, or null when the export is not an adminAction with a literal permission. */
  permission: string | null;
};

const ADMIN_APP = 'app/(admin)';

function serverActionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return serverActionFiles(path);
    return /\.tsx?$/.test(entry.name) && /^\s*['"]use server['"]/.test(readFileSync(path, 'utf8')) ? [path] : [];
  });
}

/** `adminAction('users:suspend', …)` → 'users:suspend'; anything else → null. */
function permissionOf(initializer: ts.Expression | undefined): string | null {
  if (!initializer || !ts.isCallExpression(initializer)) return null;
  if (!ts.isIdentifier(initializer.expression) || initializer.expression.text !== 'adminAction') return null;
  const first = initializer.arguments[0];
  return first && ts.isStringLiteral(first) ? first.text : null;
}

/**
 * Every export of every 'use server' file under app/(admin), read from the source with the
 * TypeScript parser: the permission each action requires is the one its code passes to
 * adminAction (lib/rbac/admin-action.ts), so the access matrix walks what the code declares.
 */
export function declaredAdminActions(root = process.cwd()): DeclaredAction[] {
  return serverActionFiles(join(root, ADMIN_APP)).flatMap((path) => {
    const file = relative(root, path).split('\\').join('/');
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const declared: DeclaredAction[] = [];
    for (const statement of source.statements) {
      const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      if (ts.isFunctionDeclaration(statement) && statement.name) declared.push({ action: `${file}#${statement.name.text}`, permission: null });
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name)) declared.push({ action: `${file}#${declaration.name.text}`, permission: permissionOf(declaration.initializer) });
        }
      }
    }
    return declared;
  });
}

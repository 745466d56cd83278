import { notFound } from 'next/navigation';
import { currentDocument } from '@/lib/consent/documents';

export default async function LegalDocumentPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const document = await currentDocument(key);
  if (!document) notFound();
  return (
    <main className="mx-auto max-w-2xl space-y-4 px-4 py-10">
      <h1 className="text-2xl font-semibold">{document.title}</h1>
      <p className="text-sm text-zinc-500">Version {document.version} · published {document.publishedAt.toISOString().slice(0, 10)}</p>
      <p className="leading-relaxed">{document.text}</p>
    </main>
  );
}

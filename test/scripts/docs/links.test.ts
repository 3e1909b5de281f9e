/**
 * Every relative link in the README, CONTRIBUTING.md and docs/ leads to a file that exists, and
 * every anchor to a heading there (as GitHub makes heading anchors). The README anchors that the
 * nodes' and credentials' documentation links name must exist too.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const REPOSITORY_URL = 'https://github.com/n8n-nodes-kustomer/n8n-nodes-kustomer';

function markdownFiles(folder: string): string[] {
	return fs.readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
		const relative = path.join(folder, entry.name);
		if (entry.isDirectory()) return markdownFiles(relative);
		return entry.name.endsWith('.md') ? [relative] : [];
	});
}

const DOCUMENTS = ['README.md', 'CONTRIBUTING.md', ...markdownFiles('docs')];

/** The lines of a Markdown file outside fenced code blocks, inline code removed. */
function prose(file: string): string[] {
	let fenced = false;
	return fs
		.readFileSync(path.join(ROOT, file), 'utf8')
		.split('\n')
		.filter((line) => {
			if (line.trimStart().startsWith('```')) fenced = !fenced;
			return !fenced && !line.trimStart().startsWith('```');
		});
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function headingAnchors(file: string): Set<string> {
	const anchors = new Set<string>();
	for (const line of prose(file)) {
		const heading = /^#{1,6}\s+(.*)$/.exec(line)?.[1];
		if (heading === undefined) continue;
		const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
		const slug = text.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
		let anchor = slug;
		for (let n = 1; anchors.has(anchor); n++) anchor = `${slug}-${n}`;
		anchors.add(anchor);
	}
	return anchors;
}

/** Every link target of a file's prose: [text](target) and ![alt](target). */
function linkTargets(file: string): string[] {
	const text = prose(file)
		.map((line) => line.replace(/`[^`]*`/g, ''))
		.join('\n');
	return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]);
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

const LINKS = DOCUMENTS.flatMap((file) =>
	linkTargets(file)
		.filter((target) => !isExternal(target))
		.map((target) => [file, target] as const),
);

test('the documents have relative links to check', () => {
	expect(LINKS.length).toBeGreaterThan(20);
});

test.each(LINKS)('%s → %s leads somewhere', (file, target) => {
	const [pathPart, anchor] = target.split('#');
	const destination = pathPart ? path.normalize(path.join(path.dirname(file), decodeURI(pathPart))) : file;
	expect(fs.existsSync(path.join(ROOT, destination)) ? destination : `${destination} (missing)`).toBe(destination);
	if (anchor !== undefined) {
		expect(destination.endsWith('.md') ? [...headingAnchors(destination)] : []).toContain(anchor);
	}
});

/** The README anchors named by documentationUrl and the codex files' documentation links. */
function productAnchors(): Array<[string, string]> {
	const files = [
		...fs.readdirSync(path.join(ROOT, 'credentials')).map((name) => path.join('credentials', name)),
		...fs.readdirSync(path.join(ROOT, 'nodes', 'Kustomer')).map((name) => path.join('nodes', 'Kustomer', name)),
	].filter((file) => /\.(ts|json)$/.test(file));
	const pattern = new RegExp(`${REPOSITORY_URL.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}#([a-z0-9-]+)`, 'g');
	return files.flatMap((file) => [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(pattern)].map((match) => [file, match[1]] as [string, string]));
}

test('the nodes and credentials link to README anchors', () => {
	expect(productAnchors().length).toBeGreaterThan(0);
});

test.each(productAnchors())('%s links to the README anchor #%s, which exists', (_file, anchor) => {
	// #readme is GitHub's own anchor for the README on the repository's page.
	if (anchor === 'readme') return;
	expect([...headingAnchors('README.md')]).toContain(anchor);
});

test('the README stays a page for users: under 600 lines (contributors read CONTRIBUTING.md, details live in docs/)', () => {
	const lines = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n').length;
	expect(lines).toBeLessThan(600);
});

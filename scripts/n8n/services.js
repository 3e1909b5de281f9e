/**
 * PostgreSQL and Redis for n8n's queue mode, as a test needs them: installed from the
 * distribution's packages (apt-get) when missing, then started on loopback, on free ports,
 * with their data in a temporary folder that `stop()` removes. PostgreSQL refuses to run as
 * root, so as root it runs as the `postgres` user the Debian package creates.
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const POSTGRES_ROOT = '/usr/lib/postgresql';
const DATABASE = 'n8n';

function log(message) {
	process.stderr.write(`[services] ${message}\n`);
}

function isRoot() {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

function check(result, what) {
	if (result.status !== 0) throw new Error(`${what} failed (${result.status}):\n${`${result.stderr ?? ''}${result.stdout ?? ''}`.slice(-3000)}`);
	return result.stdout;
}

/** The bin folder of the newest installed PostgreSQL, if any. */
function postgresBin() {
	if (!fs.existsSync(POSTGRES_ROOT)) return undefined;
	const versions = fs
		.readdirSync(POSTGRES_ROOT)
		.filter((name) => fs.existsSync(path.join(POSTGRES_ROOT, name, 'bin', 'pg_ctl')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(POSTGRES_ROOT, versions[0], 'bin') : undefined;
}

function redisServer() {
	const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
	return found || undefined;
}

/** Installs what is missing with apt-get (through sudo when not root). */
function ensureInstalled() {
	const missing = [];
	if (!postgresBin()) missing.push('postgresql');
	if (!redisServer()) missing.push('redis-server');
	if (missing.length) aptInstall(missing);
	return { bin: postgresBin(), redis: redisServer() };
}

/** Installs Debian packages with apt-get (through sudo when not root). */
function aptInstall(packages) {
	log(`installing ${packages.join(' and ')} with apt-get`);
	const sudo = isRoot() ? [] : ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'];
	const apt = (...args) => {
		const [command, ...rest] = [...sudo, 'apt-get', ...args];
		check(spawnSync(command, rest, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }), `apt-get ${args.join(' ')}`);
	};
	apt('update', '-q');
	apt('install', '-y', '-q', '--no-install-recommends', ...packages);
}

/** Runs a PostgreSQL program as a user it accepts (postgres when this process is root). */
function asPostgresUser(program, args) {
	return isRoot() ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
}

function postgresOwner() {
	if (!isRoot()) return undefined;
	const uid = Number(check(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }), 'id -u postgres').trim());
	const gid = Number(check(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }), 'id -g postgres').trim());
	return { uid, gid };
}

async function startPostgres(bin, folder, port) {
	const data = path.join(folder, 'postgres');
	fs.mkdirSync(data, { mode: 0o700 });
	const owner = postgresOwner();
	if (owner) {
		fs.chownSync(folder, owner.uid, owner.gid);
		fs.chownSync(data, owner.uid, owner.gid);
	}
	const run = (program, args, what) => {
		const [command, rest] = asPostgresUser(path.join(bin, program), args);
		return check(spawnSync(command, rest, { encoding: 'utf8', cwd: folder }), what);
	};
	run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'], 'initdb');
	// Durability is not what these tests measure: no fsync, no waiting for commits.
	const options = `-h 127.0.0.1 -p ${port} -k ${folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`;
	run('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', path.join(folder, 'postgres.log'), '-o', options], 'pg_ctl start');
	run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', `CREATE DATABASE ${DATABASE}`], 'CREATE DATABASE');
	return {
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: DATABASE,
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
		},
		stop: () => run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w'], 'pg_ctl stop'),
	};
}

async function startRedis(binary, folder, port) {
	const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder], {
		stdio: ['ignore', fs.openSync(path.join(folder, 'redis.log'), 'a'), 'inherit'],
	});
	const deadline = Date.now() + 30_000;
	for (;;) {
		const ping = spawnSync(path.join(path.dirname(binary), 'redis-cli'), ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8' });
		if (ping.stdout?.trim() === 'PONG') break;
		if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start; see ${folder}/redis.log`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return {
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		stop: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		},
	};
}

/**
 * Starts PostgreSQL and Redis for one test run. Answers the environment n8n needs to use them
 * (DB_* and QUEUE_BULL_REDIS_*) and `stop()`, which stops both and removes their data.
 */
async function startQueueServices({ freePort }) {
	const { bin, redis } = ensureInstalled();
	if (!bin || !redis) throw new Error('PostgreSQL or Redis is still missing after apt-get install');
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-queue-services-'));
	const postgres = await startPostgres(bin, folder, await freePort());
	let queue;
	try {
		queue = await startRedis(redis, folder, await freePort());
	} catch (error) {
		postgres.stop();
		throw error;
	}
	return {
		env: { ...postgres.env, ...queue.env },
		folder,
		async stop() {
			await queue.stop();
			postgres.stop();
			fs.rmSync(folder, { recursive: true, force: true });
		},
	};
}

module.exports = { startQueueServices, aptInstall, ensureInstalled };

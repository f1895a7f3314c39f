/*-------------------------------------------------------------------------
 *
 * slowlog.c
 *		Keep the slowest statements of the cluster in shared memory.
 *
 * This file is an example for pgext-lint: it contains, on purpose, the
 * load-time bugs that the linter reports.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/executor.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "utils/guc.h"
#include "utils/timestamp.h"

PG_MODULE_MAGIC;

typedef struct SlowlogEntry
{
	int64		duration_us;
	char		query[256];
} SlowlogEntry;

typedef struct SlowlogState
{
	LWLock	   *lock;
	int			next;
	SlowlogEntry entries[FLEXIBLE_ARRAY_MEMBER];
} SlowlogState;

static int	slowlog_entries = 64;
static int	slowlog_min_duration = 1000;

static SlowlogState *slowlog_state = NULL;

#if PG_VERSION_NUM >= 150000
static shmem_request_hook_type prev_shmem_request_hook = NULL;
#endif
static shmem_startup_hook_type prev_shmem_startup_hook = NULL;
static ExecutorEnd_hook_type prev_ExecutorEnd = NULL;

PG_FUNCTION_INFO_V1(slowlog_reset);

static Size
slowlog_memsize(void)
{
	return add_size(offsetof(SlowlogState, entries),
					mul_size(slowlog_entries, sizeof(SlowlogEntry)));
}

#if PG_VERSION_NUM >= 150000
static void
slowlog_shmem_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();

	RequestAddinShmemSpace(slowlog_memsize());
	RequestNamedLWLockTranche("slowlog", 1);
}
#endif

static void
slowlog_shmem_startup(void)
{
	bool		found;

	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();

	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	slowlog_state = ShmemInitStruct("slowlog", slowlog_memsize(), &found);
	if (!found)
	{
		slowlog_state->lock = &(GetNamedLWLockTranche("slowlog"))->lock;
		slowlog_state->next = 0;
	}
	LWLockRelease(AddinShmemInitLock);
}

static void
slowlog_ExecutorEnd(QueryDesc *queryDesc)
{
	if (slowlog_state && queryDesc->totaltime)
	{
		int64		us = (int64) (queryDesc->totaltime->total * 1000000.0);

		if (us >= (int64) slowlog_min_duration * 1000)
		{
			SlowlogEntry *e;

			LWLockAcquire(slowlog_state->lock, LW_EXCLUSIVE);
			e = &slowlog_state->entries[slowlog_state->next];
			e->duration_us = us;
			strlcpy(e->query, queryDesc->sourceText, sizeof(e->query));
			slowlog_state->next = (slowlog_state->next + 1) % slowlog_entries;
			LWLockRelease(slowlog_state->lock);
		}
	}

	if (prev_ExecutorEnd)
		prev_ExecutorEnd(queryDesc);
}

void
_PG_init(void)
{
	/* Bug: a PGC_POSTMASTER GUC before the preload check FATALs on LOAD. */
	DefineCustomIntVariable("slowlog.entries",
							"Number of statements kept.",
							NULL,
							&slowlog_entries,
							64,
							8,
							4096,
							PGC_POSTMASTER,
							0,
							NULL,
							NULL,
							NULL);

	DefineCustomIntVariable("slowlog.min_duration",
							"Minimum duration of a statement worth keeping.",
							NULL,
							&slowlog_min_duration,
							1000,
							0,
							INT_MAX,
							PGC_SUSET,
							GUC_UNIT_MS,
							NULL,
							NULL,
							NULL);

	if (!process_shared_preload_libraries_in_progress)
		return;

	/* Bug: since PostgreSQL 15 this must happen in shmem_request_hook. */
	RequestAddinShmemSpace(slowlog_memsize());
	RequestNamedLWLockTranche("slowlog", 1);

	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = slowlog_shmem_startup;

	/* Bug: the previous ExecutorEnd hook is never saved. */
	ExecutorEnd_hook = slowlog_ExecutorEnd;
}

Datum
slowlog_reset(PG_FUNCTION_ARGS)
{
	if (!slowlog_state)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("slowlog must be loaded via \"shared_preload_libraries\"")));

	LWLockAcquire(slowlog_state->lock, LW_EXCLUSIVE);
	memset(slowlog_state->entries, 0, sizeof(SlowlogEntry) * slowlog_entries);
	slowlog_state->next = 0;
	LWLockRelease(slowlog_state->lock);

	PG_RETURN_VOID();
}

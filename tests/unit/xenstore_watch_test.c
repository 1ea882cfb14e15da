/*
 * xenstored: watches, special watches and the domain requests.
 */
#include <errno.h>
#include <stdio.h>
#include "xenstore_util.h"

static struct xs_daemon *xs;
static struct xs_conn *dom0, *dom1, *dom2;
static unsigned int introduced, released;

static int hook_introduce(void *arg, struct xs_conn *conn, uint64_t gfn,
			  uint32_t evtchn)
{
	(void)arg;
	(void)gfn;
	introduced++;
	/* A transport that cannot bind the port refuses. */
	return xs_conn_domid(conn) == 66 || evtchn == 666 ? EINVAL : 0;
}

static void hook_release(void *arg, struct xs_conn *conn)
{
	(void)arg;
	(void)conn;
	released++;
}

static void setup(void)
{
	static const struct xs_hooks hooks = {
		.introduce = hook_introduce, .release = hook_release,
	};

	xs = xs_daemon_create(NULL, &hooks);
	dom0 = xs_conn_create_dom0(xs);
	CHECK_OK(rqs(dom0, XS_MKDIR, 0, "/local/domain/1", NULL));
	CHECK_OK(rqs(dom0, XS_SET_PERMS, 0, "/local/domain/1", "n1", NULL));
	CHECK_OK(rqs(dom0, XS_MKDIR, 0, "/local/domain/2", NULL));
	CHECK_OK(rqs(dom0, XS_SET_PERMS, 0, "/local/domain/2", "n2", NULL));
	dom1 = introduce(xs, dom0, 1);
	dom2 = introduce(xs, dom0, 2);
	events_clear();
}

static void teardown(void)
{
	xs_daemon_destroy(xs);
}

static void test_watch_fires(void)
{
	CHECK_OK(rqs(dom0, XS_WATCH, 0, "/w", "tok", NULL));
	/* The first event comes at once, with the token. */
	CHECK_EQ(events_for(dom0, "/w", "tok"), 1);
	CHECK_OK(xs_write(dom0, "/w/a/b", "1"));
	CHECK_EQ(events_for(dom0, "/w/a/b", "tok"), 1);
	CHECK_OK(xs_write(dom0, "/w", "x"));
	CHECK_EQ(events_for(dom0, "/w", "tok"), 2);
	CHECK_OK(xs_write(dom0, "/wx", "not below /w"));
	CHECK_EQ(events_for(dom0, "/wx", "tok"), 0);
	CHECK_OK(rqs(dom0, XS_SET_PERMS, 0, "/w/a", "n0", NULL));
	CHECK_EQ(events_for(dom0, "/w/a", "tok"), 1);
	/* Removing a subtree: its root for watches above... */
	CHECK_OK(rqs(dom0, XS_WATCH, 0, "/w/a/b", "deep", NULL));
	events_clear();
	CHECK_OK(rqs(dom0, XS_RM, 0, "/w/a", NULL));
	CHECK_EQ(events_for(dom0, "/w/a", "tok"), 1);
	/* ...and each node below for watches set exactly on it. */
	CHECK_EQ(events_for(dom0, "/w/a/b", "deep"), 1);
	CHECK_EQ(events_for(dom0, "/w/a/b", "tok"), 0);
	/* MKDIR of an existing node changes nothing: no event. */
	CHECK_OK(rqs(dom0, XS_MKDIR, 0, "/w", NULL));
	CHECK_EQ(events_on(dom0), 2);
	/* Watching again: EEXIST; another token is another watch. */
	CHECK_ERR(rqs(dom0, XS_WATCH, 0, "/w", "tok", NULL), "EEXIST");
	CHECK_OK(rqs(dom0, XS_WATCH, 0, "/w", "tok2", NULL));
	CHECK_OK(rqs(dom0, XS_UNWATCH, 0, "/w", "tok", NULL));
	CHECK_ERR(rqs(dom0, XS_UNWATCH, 0, "/w", "tok", NULL), "ENOENT");
	events_clear();
	CHECK_OK(xs_write(dom0, "/w/c", "1"));
	CHECK_EQ(events_for(dom0, "/w/c", "tok"), 0);
	CHECK_EQ(events_for(dom0, "/w/c", "tok2"), 1);
	/* The root watch sees everything. */
	CHECK_OK(rqs(dom0, XS_WATCH, 0, "/", "all", NULL));
	CHECK_OK(xs_write(dom0, "/elsewhere", "1"));
	CHECK_EQ(events_for(dom0, "/elsewhere", "all"), 1);
}

static void test_relative_watch(void)
{
	CHECK_OK(rqs(dom1, XS_WATCH, 0, "device", "t", NULL));
	CHECK_EQ(events_for(dom1, "device", "t"), 1);
	CHECK_OK(xs_write(dom0, "/local/domain/1/device/vif/0", "x"));
	drain(dom1);
	CHECK_EQ(events_for(dom1, "device/vif/0", "t"), 1);
	CHECK_OK(rqs(dom1, XS_UNWATCH, 0, "device", "t", NULL));
	CHECK_ERR(rqs(dom1, XS_WATCH, 0, "bad path", "t", NULL), "EINVAL");
	CHECK_ERR(rqs(dom1, XS_WATCH, 0, "a", NULL), "EINVAL");
	CHECK_ERR(rq(dom1, XS_WATCH, 0, "a\0b\0c\0", 6), "EINVAL");
	CHECK_ERR(rq(dom1, XS_WATCH, 0, "a\0b", 3), "EINVAL");
}

static void test_watch_permissions(void)
{
	CHECK_OK(xs_write(dom0, "/local/domain/2/secret", "s"));
	CHECK_OK(rqs(dom1, XS_WATCH, 0, "/local/domain/2", "spy", NULL));
	events_clear();
	CHECK_OK(xs_write(dom0, "/local/domain/2/secret", "t"));
	drain(dom1);
	CHECK_EQ(events_on(dom1), 0);
	/* Readable: heard. */
	CHECK_OK(rqs(dom0, XS_SET_PERMS, 0, "/local/domain/2/secret", "n2",
		     "r1", NULL));
	drain(dom1);
	CHECK_EQ(events_for(dom1, "/local/domain/2/secret", "spy"), 1);
	CHECK_OK(xs_write(dom0, "/local/domain/2/secret", "u"));
	drain(dom1);
	CHECK_EQ(events_for(dom1, "/local/domain/2/secret", "spy"), 2);
	/* Losing access is still heard, once. */
	CHECK_OK(rqs(dom0, XS_SET_PERMS, 0, "/local/domain/2/secret", "n2",
		     NULL));
	drain(dom1);
	CHECK_EQ(events_for(dom1, "/local/domain/2/secret", "spy"), 3);
	CHECK_OK(xs_write(dom0, "/local/domain/2/secret", "v"));
	drain(dom1);
	CHECK_EQ(events_for(dom1, "/local/domain/2/secret", "spy"), 3);
}

static void test_watch_quota_and_events_bound(void)
{
	char path[32];
	unsigned int i;

	for (i = 0; i < 128; i++) {
		snprintf(path, sizeof(path), "w%u", i);
		CHECK_OK(rqs(dom1, XS_WATCH, 0, path, "t", NULL));
	}
	CHECK_ERR(rqs(dom1, XS_WATCH, 0, "one-more", "t", NULL), "E2BIG");
	CHECK_OK(rqs(dom1, XS_RESET_WATCHES, 0, "", NULL));
	CHECK_OK(rqs(dom1, XS_WATCH, 0, "one-more", "t", NULL));
	/* A guest that never reads: its queued events stay bounded... */
	CHECK_OK(rqs(dom1, XS_WATCH, 0, "/local/domain/1", "flood", NULL));
	for (i = 0; i < 20000; i++) {
		snprintf(path, sizeof(path), "/local/domain/1/f%u", i % 3000);
		xs_write(dom0, path, "x");
	}
	{
		const void *data;
		size_t queued = 0, n;

		while ((n = xs_conn_peek_output(dom1, &data))) {
			queued += n;
			xs_conn_consume_output(dom1, n);
		}
		CHECK(queued <= 64 * 1024);
		CHECK(queued > 32 * 1024);
	}
	/* ...and an event already queued is not queued twice. */
	for (i = 0; i < 10; i++)
		xs_write(dom0, "/local/domain/1/same", "x");
	events_clear();
	drain(dom1);
	CHECK_EQ(events_for(dom1, "/local/domain/1/same", "flood"), 1);
}

static void test_special_watches(void)
{
	CHECK_OK(rqs(dom0, XS_WATCH, 0, "@introduceDomain", "i", NULL));
	CHECK_OK(rqs(dom0, XS_WATCH, 0, "@releaseDomain", "r", NULL));
	CHECK_OK(rqs(dom1, XS_WATCH, 0, "@releaseDomain", "r1", NULL));
	CHECK_EQ(events_for(dom0, "@introduceDomain", "i"), 1);
	events_clear();
	CHECK(introduce(xs, dom0, 3) != NULL);
	CHECK_EQ(events_for(dom0, "@introduceDomain", "i"), 1);
	/* Introducing again resets the connection, without an event. */
	CHECK(introduce(xs, dom0, 3) != NULL);
	CHECK_EQ(events_for(dom0, "@introduceDomain", "i"), 1);
	CHECK_REPLY(rqs(dom0, XS_IS_DOMAIN_INTRODUCED, 0, "3", NULL),
		    XS_IS_DOMAIN_INTRODUCED, "T");
	CHECK_OK(rqs(dom0, XS_RELEASE, 0, "3", NULL));
	CHECK_EQ(events_for(dom0, "@releaseDomain", "r"), 1);
	/* dom1 may not hear it until allowed to. */
	drain(dom1);
	CHECK_EQ(events_on(dom1), 0);
	CHECK_ERR(rqs(dom1, XS_SET_PERMS, 0, "@releaseDomain", "r1", NULL),
		  "EACCES");
	CHECK_OK(rqs(dom0, XS_SET_PERMS, 0, "@releaseDomain", "n0", "r1",
		     NULL));
	/* Shutdown fires once, until RESUME. */
	xs_domain_shutdown(xs, 2);
	xs_domain_shutdown(xs, 2);
	drain(dom1);
	drain(dom0);
	CHECK_EQ(events_for(dom1, "@releaseDomain", "r1"), 1);
	CHECK_EQ(events_for(dom0, "@releaseDomain", "r"), 2);
	CHECK_OK(rqs(dom0, XS_RESUME, 0, "2", NULL));
	xs_domain_shutdown(xs, 2);
	CHECK_EQ(events_for(dom0, "@releaseDomain", "r"), 2);
	drain(dom0);
	CHECK_EQ(events_for(dom0, "@releaseDomain", "r"), 3);
	CHECK_ERR(rqs(dom0, XS_RESUME, 0, "9", NULL), "ENOENT");
	CHECK_ERR(rqs(dom0, XS_RESUME, 0, "0", NULL), "EINVAL");
	CHECK_ERR(rqs(dom0, XS_SET_PERMS, 0, "@other", "n0", NULL), "EINVAL");
	/* Any @name may be watched; only the two above ever fire. */
	CHECK_OK(rqs(dom0, XS_WATCH, 0, "@anything", "x", NULL));
}

static void test_introduce_release(void)
{
	CHECK_REPLY(rqs(dom0, XS_IS_DOMAIN_INTRODUCED, 0, "1", NULL),
		    XS_IS_DOMAIN_INTRODUCED, "T");
	CHECK_REPLY(rqs(dom0, XS_IS_DOMAIN_INTRODUCED, 0, "0", NULL),
		    XS_IS_DOMAIN_INTRODUCED, "T");
	CHECK_REPLY(rqs(dom0, XS_IS_DOMAIN_INTRODUCED, 0, "9", NULL),
		    XS_IS_DOMAIN_INTRODUCED, "F");
	CHECK_REPLY(rqs(dom0, XS_IS_DOMAIN_INTRODUCED, 0, "32752", NULL),
		    XS_IS_DOMAIN_INTRODUCED, "T");	/* DOMID_SELF */
	/* Bad arguments; the transport's refusal comes back. */
	CHECK_ERR(rqs(dom0, XS_INTRODUCE, 0, "5", "1", NULL), "EINVAL");
	CHECK_ERR(rqs(dom0, XS_INTRODUCE, 0, "0", "1", "2", NULL), "EINVAL");
	CHECK_ERR(rqs(dom0, XS_INTRODUCE, 0, "32752", "1", "2", NULL),
		  "EINVAL");
	CHECK_ERR(rqs(dom0, XS_INTRODUCE, 0, "5", "1", "0", NULL), "EINVAL");
	CHECK_ERR(rqs(dom0, XS_INTRODUCE, 0, "5x", "1", "2", NULL), "EINVAL");
	CHECK_ERR(rqs(dom0, XS_INTRODUCE, 0, "66", "1", "2", NULL), "EINVAL");
	CHECK(xs_conn_find(xs, 66) == NULL);
	CHECK_ERR(rqs(dom0, XS_RELEASE, 0, "66", NULL), "ENOENT");
	CHECK_ERR(rqs(dom0, XS_RELEASE, 0, "0", NULL), "EINVAL");
	/* Release removes the domain's own nodes and its watches. */
	CHECK_OK(rqs(dom0, XS_SET_PERMS, 0, "/local/domain/1", "n0", "r1",
		     NULL));
	CHECK_OK(rqs(dom0, XS_MKDIR, 0, "/local/domain/1/mine", NULL));
	CHECK_OK(rqs(dom0, XS_SET_PERMS, 0, "/local/domain/1/mine", "n1",
		     NULL));
	CHECK_OK(xs_write(dom1, "mine/a", "1"));
	CHECK_OK(xs_write(dom0, "/local/domain/1/dom0s", "1"));
	CHECK_OK(rqs(dom0, XS_MKDIR, 0, "/shared", NULL));
	CHECK_OK(rqs(dom0, XS_SET_PERMS, 0, "/shared", "n0", "r1", "r2",
		     NULL));
	released = 0;
	CHECK_OK(rqs(dom0, XS_RELEASE, 0, "1", NULL));
	CHECK_EQ(released, 1);
	CHECK(xs_conn_find(xs, 1) == NULL);
	CHECK_ERR(xs_read(dom0, "/local/domain/1/mine/a"), "ENOENT");
	CHECK_ERR(xs_read(dom0, "/local/domain/1/mine"), "ENOENT");
	CHECK_VALUE(xs_read(dom0, "/local/domain/1/dom0s"), "1");
	/* Its permission entries are gone: a new domain 1 gets none. */
	CHECK_REPLY(rqs(dom0, XS_GET_PERMS, 0, "/shared", NULL), XS_GET_PERMS,
		    "n0\0r2");
	CHECK_REPLY(rqs(dom0, XS_GET_PERMS, 0, "/local/domain/1", NULL),
		    XS_GET_PERMS, "n0");
	CHECK_REPLY(rqs(dom0, XS_IS_DOMAIN_INTRODUCED, 0, "1", NULL),
		    XS_IS_DOMAIN_INTRODUCED, "F");
	/* The transport may also say the domain is gone. */
	xs_domain_destroyed(xs, 2);
	CHECK(xs_conn_find(xs, 2) == NULL);
	CHECK_EQ(released, 2);
}

int main(int argc, char **argv)
{
	static void (*const tests[])(void) = {
		test_watch_fires, test_relative_watch, test_watch_permissions,
		test_watch_quota_and_events_bound, test_special_watches,
		test_introduce_release,
	};

	(void)argc;
	return run_tests(tests, sizeof(tests) / sizeof(tests[0]), setup,
			 teardown, argv[0]);
}

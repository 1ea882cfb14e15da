/*
 * xenstored: messages cut out of a byte stream, malformed frames, and
 * the bound on replies not yet taken.
 */
#include <errno.h>
#include <stdio.h>
#include "xenstore_util.h"

/* Three messages back to back, as a guest's ring would carry them. */
static size_t make_stream(unsigned char *buf)
{
	static const struct {
		uint32_t type;
		const char *payload;
		size_t len;
	} msgs[] = {
		{ XS_WRITE, "/s/a\0hello", 10 },
		{ XS_READ, "/s/a", 5 },
		{ XS_TRANSACTION_START, "", 1 },
	};
	size_t len = 0, i;

	for (i = 0; i < 3; i++) {
		struct xsd_sockmsg hdr = { msgs[i].type, (uint32_t)i, 0,
					   (uint32_t)msgs[i].len };

		memcpy(buf + len, &hdr, sizeof(hdr));
		memcpy(buf + len + sizeof(hdr), msgs[i].payload, msgs[i].len);
		len += sizeof(hdr) + msgs[i].len;
	}
	return len;
}

/* Feed the stream in pieces of at most 'chunk' bytes; count messages. */
static unsigned int feed_in_pieces(struct xs_conn *c, const unsigned char *s,
				   size_t len, size_t chunk)
{
	struct xs_framer f;
	size_t off = 0, n, used;
	unsigned int messages = 0;

	xs_framer_reset(&f);
	while (off < len) {
		n = len - off < chunk ? len - off : chunk;
		while (n) {
			enum xs_frame_status st =
				xs_framer_feed(&f, s + off, n, &used);

			CHECK(used <= n);
			off += used;
			n -= used;
			if (st == XS_FRAME_READY) {
				CHECK_EQ(xs_handle_message(c, xs_framer_msg(&f),
						xs_framer_msg_len(&f)), 0);
				xs_framer_reset(&f);
				messages++;
			} else {
				CHECK(st == XS_FRAME_MORE);
				CHECK_EQ(n, 0);
			}
		}
	}
	CHECK_EQ(xs_framer_msg_len(&f), 0);
	return messages;
}

static void test_split_at_every_byte(void)
{
	unsigned char stream[256];
	size_t len = make_stream(stream), chunk, split;

	for (chunk = 1; chunk <= len; chunk++) {
		struct xs_daemon *xs = xs_daemon_create(NULL, NULL);
		struct xs_conn *c = xs_conn_create_dom0(xs);
		struct msg m;

		CHECK_EQ(feed_in_pieces(c, stream, len, chunk), 3);
		CHECK(take(c, &m) && m.hdr.type == XS_WRITE);
		CHECK(take(c, &m) && m.hdr.type == XS_READ &&
		      m.hdr.req_id == 1 && !strcmp(m.data, "hello"));
		CHECK(take(c, &m) && m.hdr.type == XS_TRANSACTION_START);
		xs_daemon_destroy(xs);
	}
	/* Two pieces, split at every byte. */
	for (split = 0; split <= len; split++) {
		struct xs_daemon *xs = xs_daemon_create(NULL, NULL);
		struct xs_conn *c = xs_conn_create_dom0(xs);
		struct xs_framer f;
		size_t used, off = 0;
		unsigned int messages = 0;
		const size_t ends[2] = { split, len };
		int part;

		xs_framer_reset(&f);
		for (part = 0; part < 2; part++) {
			while (off < ends[part]) {
				if (xs_framer_feed(&f, stream + off,
						   ends[part] - off, &used) ==
				    XS_FRAME_READY) {
					xs_handle_message(c, xs_framer_msg(&f),
							  xs_framer_msg_len(&f));
					xs_framer_reset(&f);
					messages++;
				}
				off += used;
			}
		}
		CHECK_EQ(messages, 3);
		xs_daemon_destroy(xs);
	}
}

static void test_bad_frames(void)
{
	struct xs_daemon *xs = xs_daemon_create(NULL, NULL);
	struct xs_conn *c = xs_conn_create_dom0(xs);
	struct xsd_sockmsg hdr = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
	unsigned char buf[sizeof(hdr) + 8];
	struct xs_framer f;
	size_t used;

	/* A header announcing too much: the stream is bad, at once. */
	xs_framer_reset(&f);
	CHECK(xs_framer_feed(&f, &hdr, sizeof(hdr), &used) == XS_FRAME_BAD);
	hdr.len = 0xffffffff;
	xs_framer_reset(&f);
	CHECK(xs_framer_feed(&f, &hdr, sizeof(hdr), &used) == XS_FRAME_BAD);
	/* The biggest allowed payload is fine. */
	hdr.len = XENSTORE_PAYLOAD_MAX;
	xs_framer_reset(&f);
	CHECK(xs_framer_feed(&f, &hdr, sizeof(hdr), &used) == XS_FRAME_MORE);

	/* xs_handle_message: truncated header, lengths that disagree. */
	hdr.len = 4;
	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), "/a\0\0", 4);
	CHECK_EQ(xs_handle_message(c, buf, 0), -EINVAL);
	CHECK_EQ(xs_handle_message(c, buf, sizeof(hdr) - 1), -EINVAL);
	CHECK_EQ(xs_handle_message(c, buf, sizeof(hdr) + 3), -EINVAL);
	CHECK_EQ(xs_handle_message(c, buf, sizeof(hdr) + 5), -EINVAL);
	hdr.len = XENSTORE_PAYLOAD_MAX + 1;
	memcpy(buf, &hdr, sizeof(hdr));
	CHECK_EQ(xs_handle_message(c, buf, sizeof(buf)), -EINVAL);
	CHECK(xs_conn_peek_output(c, &(const void *){ NULL }) == 0);
	xs_daemon_destroy(xs);
}

static void test_outstanding_replies(void)
{
	struct xs_daemon *xs = xs_daemon_create(NULL, NULL);
	struct xs_conn *dom0 = xs_conn_create_dom0(xs), *dom1;
	struct xsd_sockmsg hdr = { XS_GET_DOMAIN_PATH, 1, 0, 2 };
	unsigned char buf[sizeof(hdr) + 2];
	unsigned int i;
	struct msg m;

	dom1 = introduce(xs, dom0, 1);
	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), "1", 2);
	/* A guest that does not take its replies gets 20 answered. */
	for (i = 0; i < 20; i++)
		CHECK_EQ(xs_handle_message(dom1, buf, sizeof(buf)), 0);
	CHECK(!xs_conn_can_accept(dom1));
	CHECK_EQ(xs_handle_message(dom1, buf, sizeof(buf)), -EBUSY);
	CHECK(take(dom1, &m));
	CHECK(xs_conn_can_accept(dom1));
	CHECK_EQ(xs_handle_message(dom1, buf, sizeof(buf)), 0);
	/* dom0 is not limited. */
	for (i = 0; i < 100; i++)
		CHECK_EQ(xs_handle_message(dom0, buf, sizeof(buf)), 0);
	/* Output is taken in any pieces. */
	{
		const void *data;
		size_t n = xs_conn_peek_output(dom0, &data);

		CHECK_EQ(n, sizeof(hdr) + sizeof("/local/domain/1"));
		xs_conn_consume_output(dom0, 5);
		CHECK_EQ(xs_conn_peek_output(dom0, &data), n - 5);
		xs_conn_consume_output(dom0, n);
		CHECK_EQ(xs_conn_peek_output(dom0, &data), n);
	}
	xs_daemon_destroy(xs);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_split_at_every_byte();
	test_bad_frames();
	test_outstanding_replies();
	return check_summary(argv[0]);
}

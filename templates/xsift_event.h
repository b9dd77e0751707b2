/* xsift_event.h: the data shared by every xsift XDP program and its reader.
 *
 * Data only: no functions, no filter logic. The layout is part of the
 * contract between templates/ (the BPF side, which writes it) and its
 * readers, runtime/events.ts (records to JS) and native/writer.cc (records
 * to pcap/pcapng files; test/capture-file.test.ts compares its bytes with
 * runtime/pcap.ts's): change them together.
 *
 * Every multi-byte field is in HOST byte order (the BPF program runs on the
 * host CPU). Packet bytes that follow a record header are the frame as
 * received, in network byte order.
 */
#ifndef XSIFT_EVENT_H
#define XSIFT_EVENT_H

/* One ring-buffer record: this header, then cap_len bytes of the frame. */
struct xsift_record {
	__u64 ts_ns;    /* bpf_ktime_get_ns(): CLOCK_MONOTONIC nanoseconds */
	__u32 wire_len; /* length of the whole frame, every fragment included */
	__u32 cap_len;  /* bytes of the frame that follow this header (<= snaplen) */
	__u32 ifindex;  /* receiving interface */
	__u32 rx_queue; /* receiving queue */
	__u32 verdict;  /* XDP action returned for this frame: 1 XDP_DROP, 2 XDP_PASS */
	__u32 flags;    /* reserved, 0 */
};                      /* 32 bytes */

/* Slots of the per-CPU counters "xs_stats": one entry of XS_STAT_COUNT __u64 words.
 * Every frame costs one update: matched or unmatched. The reader derives the
 * rest: seen = matched + unmatched, and the frames passed and dropped follow
 * from xs_action (capture passes all; allow passes the matched ones; deny
 * drops the matched ones). */
enum xsift_stat {
	XS_STAT_MATCHED = 0,   /* frames the filter expression matched */
	XS_STAT_UNMATCHED = 1, /* frames it did not match */
	XS_STAT_REPORTED = 2,  /* records submitted to the ring buffer */
	XS_STAT_LOST = 3,      /* matched frames that could not be reported (ring full, copy failed) */
	XS_STAT_COUNT = 4,
};

/* Values of the "xs_action" knob. */
enum xsift_action {
	XS_ACTION_CAPTURE = 0, /* pass every frame, report the matched ones */
	XS_ACTION_ALLOW = 1,   /* pass and report the matched frames, drop the rest */
	XS_ACTION_DENY = 2,    /* drop and report the matched frames, pass the rest */
};

#endif /* XSIFT_EVENT_H */

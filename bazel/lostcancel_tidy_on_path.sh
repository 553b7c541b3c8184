#!/bin/sh
# The default --@lostcancel//:tool: lostcancel-tidy from the PATH of the
# action. Not hermetic (Bazel does not know which binary ran, so a new
# lostcancel-tidy does not invalidate cached reports); see docs/scale.md for
# a tool label Bazel can track.
exec lostcancel-tidy "$@"

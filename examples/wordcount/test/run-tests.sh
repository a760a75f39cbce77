#!/bin/sh
# Runs every test/cases/NAME.in through bin/wordcount (with the N in NAME.args, default 10) and compares the
# output with NAME.expected. Prints one line per case; exits 1 if any case failed.
cd "$(dirname "$0")/.."
failed=0
total=0
for input in test/cases/*.in; do
  name=${input%.in}
  total=$((total + 1))
  args=$(cat "$name.args" 2>/dev/null || true)
  actual=$(./bin/wordcount $args < "$input")
  if [ "$actual" = "$(cat "$name.expected")" ]; then
    echo "PASS $(basename "$name")"
  else
    echo "FAIL $(basename "$name")" >&2
    echo "  expected: $(cat "$name.expected" | tr '\n' '|')" >&2
    echo "  actual:   $(echo "$actual" | tr '\n' '|')" >&2
    failed=$((failed + 1))
  fi
done
# bad input is refused with a message on stderr and exit code 2
if err=$(./bin/wordcount lots < /dev/null 2>&1); then
  echo "FAIL non-numeric N was accepted" >&2; failed=$((failed + 1))
elif [ "$err" != "wordcount: N must be a whole number, got 'lots'" ]; then
  echo "FAIL wrong message for non-numeric N: $err" >&2; failed=$((failed + 1))
else
  echo "PASS rejects non-numeric N"
fi
total=$((total + 1))
echo "$((total - failed))/$total passed"
[ "$failed" -eq 0 ]

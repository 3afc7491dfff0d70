"""Timer drift over a simulated 90-minute session with pauses and item changes (expected: 0 ms).

`SessionTimer` is driven by a fake clock ticking like the live screen's refresh; at each tick the
times it shows (session elapsed, paused total, the current item's time left, as mm:ss and as
seconds) are compared with values computed independently, in exact fractions, from the script.
"""

from __future__ import annotations

from fractions import Fraction

from facilitator.core.clock import FakeClock, format_mmss
from facilitator.core.timer import SessionTimer

START = 1_790_000_000
# (seconds after start, action): the facilitators' day, 90 minutes of session time plus pauses
PLANNED_MINUTES = [10, 20, 15, 20, 15, 10]
SCRIPT: list[tuple[Fraction, str]] = [
    (Fraction(0), "start"),
    (Fraction(611, 2), "pause"),      # 5:05.5 — a participant arrives late
    (Fraction(491), "resume"),
    (Fraction(780), "next"),
    (Fraction(1900), "pause"),
    (Fraction(2200), "resume"),
    (Fraction(2300), "next"),
    (Fraction(3150), "next"),
    (Fraction(3201), "previous"),     # back for a minute
    (Fraction(3262), "next"),
    (Fraction(4400), "next"),
    (Fraction(9999, 2), "pause"),
    (Fraction(5280), "resume"),
    (Fraction(5600), "next"),
    (Fraction(6000), "pause"),
    (Fraction(6100), "resume"),
]
END = Fraction(6266)                   # 104:26 on the wall clock: 90:00 of session time, 14:26 paused


def _expected(now: Fraction) -> tuple[Fraction, Fraction, int, Fraction]:
    """Session elapsed, paused total, current item and its time left at `now`, from the script alone."""
    elapsed = paused_total = Fraction(0)
    actual = [Fraction(0)] * len(PLANNED_MINUTES)
    current, paused, last = 0, False, None
    for at, action in [*[(a, x) for a, x in SCRIPT if a <= now], (now, "now")]:
        if last is not None:
            span = at - last
            if paused:
                paused_total += span
            else:
                elapsed += span
                actual[current] += span
        if action == "pause":
            paused = True
        elif action == "resume":
            paused = False
        elif action == "next":
            current += 1
        elif action == "previous":
            current -= 1
        last = at
    return elapsed, paused_total, current, PLANNED_MINUTES[current] * 60 - actual[current]


def measure_timer_drift(tick_s: Fraction = Fraction(1, 4)) -> dict[str, float]:
    """Largest gap between shown and exact times (ms) and the number of mm:ss texts that differ."""
    clock = FakeClock(START)
    timer = SessionTimer(list(PLANNED_MINUTES), nominal_minutes=90)
    actions = {"start": timer.start, "pause": timer.pause, "resume": timer.resume, "next": timer.next,
               "previous": timer.previous}
    script = list(SCRIPT)
    if script != sorted(script):
        raise ValueError("the script must be in time order")
    drift = 0.0
    wrong_texts = ticks = 0
    offsets = [step * tick_s for step in range(int(END / tick_s) + 1)]
    if offsets[-1] != END:
        offsets.append(END)          # the last tick is the end of the session
    for offset in offsets:
        clock.set(START + float(offset))
        while script and script[0][0] <= offset:
            at, action = script.pop(0)
            clock.set(START + float(at))
            if actions[action](clock.now()) is None:
                raise AssertionError(f"the timer refused {action} at {float(at)} s")
            clock.set(START + float(offset))
        state = timer.state(clock.now())
        elapsed, paused_total, current, remaining = _expected(offset)
        if state.current != current:
            raise AssertionError(f"item {state.current} shown at {float(offset)} s, expected {current}")
        for shown, exact in ((state.elapsed_s, elapsed), (state.paused_s, paused_total),
                             (state.item_remaining_s, remaining)):
            drift = max(drift, abs(shown - float(exact)) * 1000)
            if format_mmss(shown, signed=True) != format_mmss(float(exact), signed=True):
                wrong_texts += 1
        ticks += 1
    final = timer.state(clock.now())
    return {"timer_drift_ms": drift, "timer_wrong_texts": wrong_texts, "timer_ticks": ticks,
            "timer_session_elapsed_s": final.elapsed_s}

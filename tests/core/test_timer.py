"""The session timer over a simulated 90-minute session, with a fake clock."""

from facilitator.core.clock import FakeClock, format_mmss
from facilitator.core.timer import SessionTimer, TimerEvent

AGENDA = [10, 10, 20, 15, 20, 10, 5]  # 90 minutes


def make(clock: FakeClock) -> SessionTimer:
    timer = SessionTimer(list(AGENDA))
    timer.start(clock.now())
    return timer


def test_not_started_state_is_neutral():
    timer = SessionTimer(list(AGENDA))
    state = timer.state(1000.0)
    assert not state.started and state.elapsed_s == 0 and state.projected_end_at is None
    assert state.session_planned_s == 90 * 60


def test_countdown_wrap_up_and_overtime():
    clock = FakeClock()
    timer = make(clock)
    clock.advance(7 * 60)
    state = timer.state(clock.now())
    assert state.item_remaining_s == 3 * 60 and not state.wrap_up and not state.overtime
    clock.advance(60 + 1)
    state = timer.state(clock.now())
    assert state.wrap_up and state.item_remaining_s == 119
    clock.advance(119 + 65)
    state = timer.state(clock.now())
    assert state.overtime and not state.wrap_up
    assert format_mmss(state.item_remaining_s, signed=True) == "-01:05"
    assert format_mmss(-state.item_remaining_s, signed=True) == "+01:05"
    # behind schedule by the overtime, projected end pushed accordingly
    assert state.schedule_delta_s == 65
    assert state.projected_end_at == clock.now() + 80 * 60


def test_pauses_are_excluded_and_tracked():
    clock = FakeClock()
    timer = make(clock)
    clock.advance(300)
    timer.pause(clock.now())
    clock.advance(600)
    state = timer.state(clock.now())
    assert state.paused and state.elapsed_s == 300 and state.paused_s == 600
    assert state.item_remaining_s == 300
    timer.resume(clock.now())
    clock.advance(60)
    state = timer.state(clock.now())
    assert not state.paused and state.elapsed_s == 360 and state.current_item.actual_s == 360
    # pausing twice, resuming twice: no extra events
    assert timer.pause(clock.now()) is not None
    assert timer.pause(clock.now()) is None
    assert timer.resume(clock.now()) is not None
    assert timer.resume(clock.now()) is None


def test_full_simulated_session_never_drifts():
    """Move through every item with pauses and overruns; the figures are exact sums."""
    clock = FakeClock()
    timer = make(clock)
    spent = [11 * 60, 9 * 60, 20 * 60 + 30, 15 * 60, 22 * 60, 8 * 60, 5 * 60]
    pauses = 0
    for index, seconds in enumerate(spent):
        half = seconds // 2
        clock.advance(half)
        if index in (2, 4):
            timer.pause(clock.now())
            clock.advance(120)
            pauses += 120
            timer.resume(clock.now())
        clock.advance(seconds - half)
        if index < len(spent) - 1:
            assert timer.next(clock.now()) is not None
    state = timer.state(clock.now())
    assert [round(item.actual_s) for item in state.items] == spent
    assert state.elapsed_s == sum(spent) and state.paused_s == pauses
    timer.end(clock.now())
    clock.advance(3600)
    ended = timer.state(clock.now())
    assert ended.ended and ended.elapsed_s == sum(spent)  # nothing counts after the end


def test_previous_item_and_adjustments():
    clock = FakeClock()
    timer = make(clock)
    clock.advance(5 * 60)
    timer.next(clock.now())  # left item 1 five minutes early: ahead of schedule
    state = timer.state(clock.now())
    assert state.current == 1 and state.schedule_delta_s == -300
    assert timer.adjust(60, clock.now()) is not None
    assert timer.state(clock.now()).current_item.planned_s == 11 * 60
    assert timer.state(clock.now()).session_planned_s == 91 * 60
    clock.advance(60)
    timer.previous(clock.now())
    state = timer.state(clock.now())
    assert state.current == 0 and state.items[0].actual_s == 300 and state.items[1].actual_s == 60
    # an item cannot be planned below one minute
    for _ in range(9):
        timer.adjust(-60, clock.now())
    assert timer.adjust(-60, clock.now()) is None
    assert timer.state(clock.now()).current_item.planned_s == 60
    # out-of-range moves are ignored
    assert timer.previous(clock.now()) is None
    assert timer.goto(99, clock.now()) is None


def test_state_rebuilt_from_saved_events_is_identical():
    clock = FakeClock()
    timer = make(clock)
    clock.advance(100)
    timer.next(clock.now())
    clock.advance(50)
    timer.pause(clock.now())
    saved = [event.to_dict() for event in timer.events]
    clock.advance(30)
    again = SessionTimer(list(AGENDA), events=[TimerEvent.from_dict(e) for e in saved])
    assert again.state(clock.now()) == timer.state(clock.now())


def test_clock_going_backwards_never_reorders_history():
    clock = FakeClock()
    timer = make(clock)
    clock.advance(100)
    timer.next(clock.now())
    event = timer.pause(clock.now() - 50)
    assert event is not None and event.at == timer.events[-2].at
    assert timer.state(clock.now()).elapsed_s == 100

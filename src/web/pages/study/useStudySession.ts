import { useCallback, useEffect, useRef, useState } from 'react';
import { hoursApi, type StudyStateDto } from '../../../shared/contracts/hours';
import { ApiError } from '../../api/client';
import { call } from '../../api/contract';

const DEVICE_KEY = 'jiceng.studyDevice';

/** A random id of this browser, kept in localStorage: the server tells two devices apart by it. */
export function studyDeviceId(): string {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id) {
      const bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    return 'no-local-storage-device';
  }
}

export type StudyPhase = 'idle' | 'starting' | 'active' | 'superseded' | 'ended' | 'error';

/**
 * A study session as the player runs it (decision 0046). The server decides every second credited:
 * the client only reports, every `heartbeatSeconds`, whether the page is visible, whether the media
 * plays, and where it is; what it shows comes from the server's answers, never its own count.
 * Hidden: the media pauses, one beat says so, and beats stop until the page is visible again.
 * Seeking past the point reached is undone (it would credit nothing anyway).
 */
export function useStudySession(itemId: number, media: HTMLMediaElement | null, isMedia: boolean) {
  const [phase, setPhase] = useState<StudyPhase>('idle');
  const [state, setState] = useState<StudyStateDto | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const token = useRef<string | null>(null);
  const seq = useRef(0);
  const reached = useRef(0);
  const timer = useRef<number | null>(null);
  const interval = useRef(30);
  const phaseRef = useRef<StudyPhase>('idle');
  const wasPlaying = useRef(false);
  phaseRef.current = phase;

  const stopTimer = useCallback(() => {
    if (timer.current !== null) window.clearInterval(timer.current);
    timer.current = null;
  }, []);

  const apply = useCallback(
    (s: StudyStateDto) => {
      setState(s);
      seq.current = s.nextSeq;
      reached.current = s.reached;
      interval.current = s.heartbeatSeconds;
      if (s.verdict === 'seek' && media && media.currentTime > s.reached + 3) {
        media.currentTime = s.reached;
        setNotice('快进跳过的部分不计时，已回到上次学到的位置');
      }
      if (s.status === 'superseded') {
        stopTimer();
        media?.pause();
        setPhase('superseded');
      } else if (s.status !== 'active') {
        stopTimer();
        media?.pause();
        setPhase('ended');
      }
    },
    [media, stopTimer],
  );

  const beat = useCallback(async () => {
    if (!token.current || phaseRef.current !== 'active') return;
    const playing = media ? !media.paused && !media.ended : true;
    try {
      const s = await call(hoursApi.beat, {
        body: {
          token: token.current,
          seq: seq.current++,
          position: media ? Math.floor(media.currentTime) : 0,
          visible: document.visibilityState === 'visible',
          playing,
        },
      });
      apply(s);
    } catch (e) {
      // A replayed number (two beats crossed): the next one goes with a higher number.
      if (e instanceof ApiError && e.status === 409) return;
      if (e instanceof ApiError && e.status === 404) {
        stopTimer();
        setPhase('ended');
      }
    }
  }, [apply, media, stopTimer]);

  const startTimer = useCallback(() => {
    stopTimer();
    timer.current = window.setInterval(() => void beat(), interval.current * 1000);
  }, [beat, stopTimer]);

  const start = useCallback(async () => {
    if (phaseRef.current === 'starting') return;
    setPhase('starting');
    setNotice(null);
    try {
      const s = await call(hoursApi.start, { body: { itemId, deviceId: studyDeviceId() } });
      token.current = s.token;
      apply(s);
      // Resume where the member got to (seeking past it would credit nothing).
      if (media && s.reached > 0 && media.currentTime < 1) media.currentTime = s.reached;
      phaseRef.current = 'active';
      setPhase('active');
      startTimer();
    } catch (e) {
      setPhase('error');
      setNotice(e instanceof ApiError ? e.message : '无法开始计时，请检查网络后重试');
    }
  }, [apply, itemId, media, startTimer]);

  // A text or PDF is studied by reading it: the session starts with the page.
  useEffect(() => {
    if (!isMedia && phaseRef.current === 'idle' && document.visibilityState === 'visible') void start();
  }, [isMedia, start]);

  // Media: the session starts with the first play; seeking ahead is undone; speed stays 1×.
  useEffect(() => {
    if (!media) return;
    const onPlay = () => {
      if (phaseRef.current === 'idle' || phaseRef.current === 'ended' || phaseRef.current === 'error') {
        void start();
      }
    };
    const onSeeking = () => {
      if (media.currentTime > reached.current + 3) {
        media.currentTime = reached.current;
        setNotice('未学过的部分不能快进（快进不计时）');
      }
    };
    const onRate = () => {
      if (media.playbackRate !== 1) media.playbackRate = 1;
    };
    media.addEventListener('play', onPlay);
    media.addEventListener('seeking', onSeeking);
    media.addEventListener('ratechange', onRate);
    return () => {
      media.removeEventListener('play', onPlay);
      media.removeEventListener('seeking', onSeeking);
      media.removeEventListener('ratechange', onRate);
    };
  }, [media, start]);

  // Hidden: pause, say so once, stop beating; visible again: beat on (and play on if it played).
  useEffect(() => {
    const onVisibility = () => {
      if (phaseRef.current !== 'active') return;
      if (document.visibilityState === 'hidden') {
        wasPlaying.current = !!media && !media.paused && !media.ended;
        media?.pause();
        void beat();
        stopTimer();
      } else {
        startTimer();
        if (media && wasPlaying.current) void media.play().catch(() => undefined);
        setNotice('页面在后台期间不计时');
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [beat, media, startTimer, stopTimer]);

  // Leaving the page ends the session (kept alive past the unload).
  useEffect(
    () => () => {
      stopTimer();
      if (token.current) {
        void fetch(hoursApi.end.path, {
          method: 'POST',
          credentials: 'same-origin',
          keepalive: true,
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ token: token.current, position: media ? Math.floor(media.currentTime) : 0 }),
        }).catch(() => undefined);
      }
    },
    [media, stopTimer],
  );

  return { phase, state, notice, restart: start };
}

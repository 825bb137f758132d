import { Alert, Button, Card, Progress, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ITEM_KIND_LABELS } from '../../../shared/contracts/learning';
import { useMyItemProgress, useMyStudyItem } from '../../api/hours';
import { MemberApp } from '../../components/MemberApp';
import { QueryState } from '../../components/QueryState';
import { minutesText } from './format';
import { useStudySession } from './useStudySession';
import './study.css';

const QUIET_VERDICTS = new Set(['credited', 'too_soon']);

/**
 * 学习 (`/my/study/items/:id`, phone-first): the video, audio, PDF or text of an item, with the
 * time the SERVER credited: this session, today, and the item against its length. The media starts
 * the session; hidden pages, pauses and seeking ahead are not credited, and the page says so.
 */
export default function StudyPlayerPage() {
  const id = Number(useParams().id);
  const q = useMyStudyItem(id);
  return (
    <MemberApp className="page study-player">
      <div style={{ marginBottom: 8 }}>
        <Link to="/my/study">‹ 返回学习</Link>
      </div>
      <QueryState query={q} skeletonRows={6}>
        {(item) => <Player key={item.id} item={item} />}
      </QueryState>
    </MemberApp>
  );
}

type Item = NonNullable<ReturnType<typeof useMyStudyItem>['data']>;

function Player({ item }: { item: Item }) {
  const [media, setMedia] = useState<HTMLMediaElement | null>(null);
  const isMedia = item.kind === 'video' || item.kind === 'audio';
  const { phase, state, notice, restart } = useStudySession(item.id, media, isMedia);
  // Before the first answer of this visit: what the server credited before (all sessions).
  const before = useMyItemProgress().data?.find((p) => p.itemId === item.id)?.seconds ?? 0;
  const length = state?.lengthSeconds || item.lengthSeconds;
  const itemSeconds = state?.itemSeconds ?? before;
  const pct = length ? Math.min(100, Math.round((itemSeconds / length) * 100)) : 0;

  return (
    <>
      <Card className="my-card" data-testid="study-item">
        <h1 style={{ fontSize: 20, margin: '0 0 6px' }}>{item.title}</h1>
        <div className="study-item-meta" style={{ marginBottom: 10 }}>
          {item.required ? <Tag color="red">必学</Tag> : null}
          <span>{ITEM_KIND_LABELS[item.kind]}</span>
          <span>时长 {minutesText(item.lengthSeconds)}</span>
          <span>{item.orgName}</span>
        </div>
        {item.kind === 'video' && item.fileUrl ? (
          // biome-ignore lint/a11y/useMediaCaption: the demo's and the orgs' videos come without captions
          <video
            ref={setMedia}
            src={item.fileUrl}
            controls
            playsInline
            preload="metadata"
            controlsList="nodownload noplaybackrate"
            data-testid="study-video"
          />
        ) : null}
        {item.kind === 'audio' && item.fileUrl ? (
          // biome-ignore lint/a11y/useMediaCaption: audio lectures come without captions
          <audio ref={setMedia} src={item.fileUrl} controls preload="metadata" data-testid="study-audio" />
        ) : null}
        {item.kind === 'pdf' && item.fileUrl ? (
          <>
            <iframe className="study-pdf" src={item.fileUrl} title={item.title} />
            <a href={item.fileUrl} target="_blank" rel="noreferrer">
              在新页面打开PDF
            </a>
          </>
        ) : null}
        {item.kind === 'text' ? (
          <div className="study-body" data-testid="study-text">
            {(item.body || item.summary)
              .split(/\n+/)
              .filter((p) => p.trim())
              .map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a fixed text
                <p key={i}>{p}</p>
              ))}
          </div>
        ) : null}
      </Card>

      <Card className="my-card" title="学习计时" data-testid="study-meter">
        {phase === 'superseded' ? (
          <Alert
            type="warning"
            showIcon
            data-testid="study-superseded"
            message="已在其他设备上开始学习"
            description="同一时间只能在一台设备上计时，本页已停止计时。"
            action={
              <Button size="small" onClick={() => void restart()}>
                在本设备继续
              </Button>
            }
            style={{ marginBottom: 10 }}
          />
        ) : null}
        {phase === 'ended' ? (
          <Alert
            type="info"
            showIcon
            message="本次学习已结束"
            action={
              <Button size="small" onClick={() => void restart()}>
                重新开始
              </Button>
            }
            style={{ marginBottom: 10 }}
          />
        ) : null}
        {phase === 'error' && notice ? (
          <Alert type="error" showIcon message={notice} style={{ marginBottom: 10 }} />
        ) : null}
        <div className="study-meter">
          {phase === 'idle' && isMedia ? (
            <div className="study-meter-line">点击播放开始学习，播放时自动计时。</div>
          ) : (
            <div className="study-meter-line" data-testid="study-session-line">
              本次已计时 <strong>{minutesText(state?.sessionSeconds ?? 0)}</strong>，今日已计{' '}
              <strong>{minutesText(state?.todaySeconds ?? 0)}</strong>
            </div>
          )}
          <div className="study-meter-line" data-testid="study-item-progress">
            本资料已学 {minutesText(itemSeconds)} / {minutesText(length)}
          </div>
          <Progress percent={pct} strokeColor="#c8161d" showInfo={false} />
          {state?.verdict && !QUIET_VERDICTS.has(state.verdict) && phase === 'active' ? (
            <div className="muted" data-testid="study-verdict">
              刚才的一段未计时：{state.verdictLabel}
            </div>
          ) : null}
          {state && state.todaySeconds >= state.dailyCapSeconds ? (
            <div className="muted">
              今日在线学习已达上限（{minutesText(state.dailyCapSeconds)}），可以继续学习，但不再计时。
            </div>
          ) : null}
          {phase !== 'error' && notice ? <div className="muted">{notice}</div> : null}
          <div className="muted small">
            只计页面在前台、{isMedia ? '正在播放' : '正在阅读'}的时间；快进、后台播放不计时。
          </div>
        </div>
      </Card>
    </>
  );
}

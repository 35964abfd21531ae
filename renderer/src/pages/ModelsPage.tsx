import { ModelVersions } from '../components/Models/ModelVersions';
import { ScoreForm } from '../components/Models/ScoreForm';
import { TrainPanel } from '../components/Models/TrainPanel';
import { QueryView } from '../components/States/States';
import { useQuery } from '../live/useQuery';

/** The RandomForest: its versions and metrics, retraining, and scoring one hand-entered window. */
export function ModelsPage() {
  const q = useQuery((b) => b.request('models.list', {}), 'models');
  return (
    <div className="page models-page">
      <QueryView q={q} what="model versions">
        {(versions) => <ModelVersions versions={versions} onChanged={q.reload} />}
      </QueryView>
      <TrainPanel onTrained={q.reload} />
      <ScoreForm />
    </div>
  );
}
